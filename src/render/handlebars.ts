// A Handlebars instance of our own (never the global one), with its partials
// and helpers registered in one place, as Ghost's email renderer does.
import Handlebars from 'handlebars';
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { GazetteError } from '../errors.js';

export type HandlebarsEnv = typeof Handlebars;

/** A fresh Handlebars environment with every `partials/*.hbs` under `templatesDir` registered. */
export async function createHandlebars(templatesDir: string): Promise<HandlebarsEnv> {
  const hbs = Handlebars.create();
  const partialsDir = join(templatesDir, 'partials');
  let files: string[] = [];
  try {
    files = (await readdir(partialsDir)).filter((f) => extname(f) === '.hbs');
  } catch {
    // No partials folder: the main template must stand alone.
  }
  for (const file of files) {
    hbs.registerPartial(basename(file, '.hbs'), await readFile(join(partialsDir, file), 'utf8'));
  }
  return hbs;
}

/** Compiles `name` from `templatesDir` with `strict` (a missing field is an error, not an empty string). */
export async function compileTemplate(hbs: HandlebarsEnv, templatesDir: string, name: string, options: { noEscape?: boolean } = {}) {
  const path = join(templatesDir, name);
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (err) {
    throw new GazetteError('TEMPLATE', `Cannot read the template ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const template = hbs.compile(source, { strict: true, noEscape: options.noEscape ?? false });
    return (data: object) => {
      try {
        return template(data);
      } catch (err) {
        throw new GazetteError('TEMPLATE', `Template ${path} failed: ${(err as Error).message}`, { cause: err });
      }
    };
  } catch (err) {
    if (err instanceof GazetteError) throw err;
    throw new GazetteError('TEMPLATE', `Template ${path} does not compile: ${(err as Error).message}`, { cause: err });
  }
}
