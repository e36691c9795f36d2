// docs/deployment.md carries the environment reference, generated from the
// settings table so it cannot drift. After adding a setting, regenerate it:
//   UPDATE_DOCS=1 npx vitest run test/schedule/deployment-doc.test.ts
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { settings } from '../../src/config/schema.js';

const DOC = resolve('docs/deployment.md');
const BLOCK = /(<!-- env:begin[^\n]*-->\n)[\s\S]*?(<!-- env:end -->)/;

function envTable(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = Object.values(settings).map((s) => {
    const dflt = s.env === 'GAZETTE_TZ' ? "the machine's zone" : s.default === undefined ? 'unset' : `\`${cell(s.default)}\``;
    return `| \`${s.env}\` | ${cell(s.doc)} | ${dflt} |`;
  });
  return ['| variable | meaning | default |', '|---|---|---|', ...rows].join('\n') + '\n';
}

describe('docs/deployment.md', () => {
  it('has the environment reference of every setting, as generated from the settings table', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(BLOCK.test(doc)).toBe(true);
    const wanted = doc.replace(BLOCK, (_m, begin: string, end: string) => begin + envTable() + end);
    if (process.env.UPDATE_DOCS && wanted !== doc) {
      writeFileSync(DOC, wanted);
      return;
    }
    expect(doc, 'the table is out of date: run UPDATE_DOCS=1 npx vitest run test/schedule/deployment-doc.test.ts').toBe(wanted);
  });
});
