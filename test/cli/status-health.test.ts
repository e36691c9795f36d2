// The complaint-rate lines of `gazette status`: quiet under 0.1 %, a warning
// above it, and a stronger one past the 0.3 % line.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { printListHealth, type IssueHealth } from '../../src/cli/status-health.js';

function printed(health: IssueHealth[]): string {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c) => { text += c; });
  printListHealth({ out, err: out, isTty: false }, health);
  return text;
}
const issue = (complaints: number, sent: number): IssueHealth => ({ issue: '2026-11-20', sent, hardBounces: 2, softBounces: 1, complaints, complaintRate: sent ? complaints / sent : null });

describe('status: list health', () => {
  it('warns from 0.1 % and names the 0.3 % line', () => {
    expect(printed([issue(1, 2000)])).toBe('Bounces and complaints (returned mail and webhooks), newest first:\n  2026-11-20  2 hard, 1 soft bounces, 1 complaints (0.05 % of 2000 sent; limit 0.3 %)\n');
    expect(printed([issue(4, 2000)])).toMatch(/\nWarning: the issue of 2026-11-20 drew complaints from 0\.20 % of its recipients, over 0\.1 %, on the way to the 0\.3 %/);
    expect(printed([issue(7, 2000)])).toMatch(/\nWarning: .* 0\.35 % of its recipients, over the 0\.3 % at which/);
    expect(printed([issue(0, 0)])).toContain('(- of 0 sent; limit 0.3 %)');
    expect(printed([])).toBe('');
  });
});
