// `gazette articles`: every article the next build will draw from, as cleaned,
// and every input or item left out, with why. How an editor finds out why an
// article is missing from the issue.
import type { Command } from 'commander';
import { parseContentDir } from './options.js';
import { resolve } from 'node:path';
import { describeRemovals, fileLabel, readArticles } from '../pipeline/read-articles.js';
import { capStories } from '../pipeline/cap-stories.js';
import { addDays } from '../editions/edition.js';
import { count } from './plural.js';
import { type CliContext, printJson, println } from './context.js';

interface ArticlesFlags {
  content?: string;
  json?: boolean;
}

/** Registers `gazette articles`. */
export function registerArticles(program: Command, ctx: CliContext): void {
  program
    .command('articles')
    .description('list every article the next build will use, as cleaned, and every input or item left out, with why')
    .option('--content <dir>', 'content folder (default: GAZETTE_CONTENT_DIR or content/)', parseContentDir)
    .option('--json', 'print { "issue": date, "articles": [...], "dropped": [...], "warnings": [...] } to stdout')
    .action(async (flags: ArticlesFlags) => {
      const app = ctx.boot({ contentDir: flags.content }, { quiet: true });
      try {
        const parts = app.buildParts();
        const settings = app.buildSettings();
        // Once today's issue is going out it is frozen, and a build today only
        // reuses it: the next issue to draw from these articles is tomorrow's,
        // and today's articles are already spoken for.
        const today = await parts.issues.get(settings.date);
        const next = today?.frozenAt ? addDays(settings.date, 1) : settings.date;
        const read = await readArticles({
          sources: parts.sources,
          alreadyIncluded: await parts.issues.includedBefore(next),
          now: app.clock.now(),
          maxAgeDays: settings.maxAgeDays,
          logger: parts.logger,
        });
        // The story cap is applied as build applies it, so a story it cuts is listed as left out, not for the issue.
        const capped = capStories(read.articles, settings.maxStories);
        const kept = new Set(capped.stories.flatMap((s) => s.articles));
        const contentDir = resolve(app.config.contentDir);
        const label = (where: string) => fileLabel(contentDir, where);
        const articles = read.articles.filter((a) => kept.has(a)).map((a) => ({ file: label(a.source), url: a.url, title: a.title, outlet: a.outlet, published: a.published, text: a.text, removed: a.removed }));
        const dropped = [...read.dropped, ...capped.dropped].map((d) => ({ where: label(d.where), reason: d.reason }));
        const warnings = read.warnings.map((d) => ({ where: label(d.where), reason: d.reason }));
        if (flags.json) {
          printJson(ctx.io, { issue: next, articles, dropped, warnings });
          return;
        }
        println(ctx.io, `${count(articles.length, 'article')} for the next issue (${next}${next !== settings.date ? `; the issue of ${settings.date} is already going out` : ''}):`);
        for (const a of articles) {
          const words = a.text.split(/\s+/).filter(Boolean).length;
          const removed = describeRemovals(a.removed);
          println(ctx.io, `  ${a.title} · ${a.outlet}${a.published ? ` · ${a.published.slice(0, 10)}` : ''}`);
          println(ctx.io, `    ${a.file}: ${words} words${removed ? `; cleaning removed: ${removed}` : ''}`);
        }
        println(ctx.io, dropped.length ? `${dropped.length} left out:` : 'Nothing left out.');
        for (const d of dropped) println(ctx.io, `  ${d.where}: ${d.reason}`);
        if (warnings.length) println(ctx.io, `${warnings.length} read with a warning:`);
        for (const w of warnings) println(ctx.io, `  ${w.where}: ${w.reason}`);
      } finally {
        await app.close();
      }
    });
}
