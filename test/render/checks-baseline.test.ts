// Client-support warnings name what a template adds, not what every MJML email has.
import { describe, expect, it } from 'vitest';
import mjml2html from 'mjml';
import { checkIssueHtml, loadMjmlBaseline } from '../../src/render/checks.js';

async function render(body: string, head = ''): Promise<string> {
  const { html } = await mjml2html(`<mjml><mj-head>${head}</mj-head><mj-body><mj-section><mj-column>${body}</mj-column></mj-section></mj-body></mjml>`, { validationLevel: 'strict', minify: true, minifyOptions: { minifyCss: false } });
  return html;
}

describe('client-support checks against the MJML baseline', () => {
  it('counts the gaps of plain MJML markup in one line, and warns about none of them', async () => {
    const expected = await loadMjmlBaseline();
    expect(expected.size).toBeGreaterThan(0);
    const report = checkIssueHtml(await render('<mj-text>Plain text.</mj-text>'), { expected });
    const clientChecks = report.checks.filter((c) => c.kind === 'clients');
    expect(clientChecks.filter((c) => c.level === 'warning')).toEqual([]);
    expect(clientChecks.some((c) => /gaps come with MJML's own markup/.test(c.message))).toBe(true);
  });

  it('still warns about what a template adds, such as a CSS grid', async () => {
    const expected = await loadMjmlBaseline();
    const html = await render('<mj-text><div style="display:grid;grid-template-columns:1fr 1fr">a</div></mj-text>');
    const warnings = checkIssueHtml(html, { expected }).checks.filter((c) => c.kind === 'clients' && c.level === 'warning');
    expect(warnings.map((w) => w.message).join('\n')).toMatch(/grid/i);
    // Without the baseline the same issue warns about MJML's own markup as well.
    const unfiltered = checkIssueHtml(html, { expected: new Set() }).checks.filter((c) => c.kind === 'clients' && c.level === 'warning');
    expect(unfiltered.length).toBeGreaterThan(warnings.length);
  });
});
