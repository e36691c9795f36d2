// The list's health in `gazette status`: per issue, hard and soft bounces,
// complaints, and the complaint rate against the 0.3 % that Gmail and Yahoo
// hold bulk senders to (a warning from 0.1 %, where they advise staying under).
import type { App } from '../app.js';
import { type Io, println } from './context.js';

export interface IssueHealth {
  issue: string;
  sent: number;
  hardBounces: number;
  softBounces: number;
  complaints: number;
  /** Complaints per message sent, as a fraction; null when nothing was sent. */
  complaintRate: number | null;
}

export const COMPLAINT_LIMIT = 0.003;
export const COMPLAINT_WARNING = 0.001;

/** Bounce and complaint counts of these issues (with what the ledger says was sent). */
export async function readListHealth(app: App, issues: readonly { issue: string; sent: number }[]): Promise<IssueHealth[]> {
  const counts = await app.bounces().countsByIssue(issues.map((i) => i.issue));
  return issues.map(({ issue, sent }) => {
    const c = counts.get(issue) ?? { hard: 0, soft: 0, complaints: 0 };
    return { issue, sent, hardBounces: c.hard, softBounces: c.soft, complaints: c.complaints, complaintRate: sent > 0 ? c.complaints / sent : null };
  });
}

/** Prints one line per issue, and a warning for each issue over 0.1 % complaints. */
export function printListHealth(io: Io, health: readonly IssueHealth[]): void {
  if (health.length === 0) return;
  println(io, 'Bounces and complaints (returned mail and webhooks), newest first:');
  for (const h of health) {
    const rate = h.complaintRate === null ? '-' : `${(h.complaintRate * 100).toFixed(2)} %`;
    println(io, `  ${h.issue}  ${h.hardBounces} hard, ${h.softBounces} soft bounces, ${h.complaints} complaints (${rate} of ${h.sent} sent; limit 0.3 %)`);
  }
  for (const h of health) {
    if (h.complaintRate === null || h.complaintRate <= COMPLAINT_WARNING) continue;
    const over = h.complaintRate > COMPLAINT_LIMIT ? 'over the 0.3 % at which Gmail and Yahoo start refusing bulk mail' : 'over 0.1 %, on the way to the 0.3 % at which Gmail and Yahoo start refusing bulk mail';
    println(io, `Warning: the issue of ${h.issue} drew complaints from ${(h.complaintRate * 100).toFixed(2)} % of its recipients, ${over}; check who is on the list and how they joined.`);
  }
}
