// A list with per-reader preferences on either engine, an app on a manual
// clock sending to a real SMTP server, and a stepper that moves the clock and
// calls deliverDue at each step, noting at which clock time each copy went.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { createApp, type App } from '../../../src/app.js';
import { manualClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/log.js';
import { deliverDue, type EditionDelivery } from '../../../src/pipeline/deliver-due.js';
import type { RenderedIssue } from '../../../src/render/types.js';
import { openTestDb, type EngineKind, type TestDb } from '../../deliver/helpers/engines.js';
import { setPrefs, type PrefColumns } from '../../deliver/helpers/prefs.js';
import { startSink, type Sink } from '../../deliver/helpers/smtp-sink.js';
import { tmpDir } from '../../helpers/tmp.js';

export interface Arrival { to: string; at: string; edition: string; subject: string; text: string; /** The Date header. */ date: string }

export interface DueDay {
  /** The workspace: content/ (empty), data/. */
  dir: string;
  app: App;
  clock: ReturnType<typeof manualClock>;
  sink: Sink;
  db: TestDb;
  arrivals: Arrival[];
  /** Steps the clock from now to `until` by `stepMs`, calling deliverDue at each step (and once at the start). */
  run(until: string, stepMs: number): Promise<EditionDelivery[][]>;
  /** Notes the messages the server got since the last call, at the clock's time. */
  collect(): Promise<void>;
  /** A new app on the same database and clock: a restarted process. */
  restart(): Promise<void>;
  /** Another app on the same database and clock, as a second process has (closed with the day). */
  another(): App;
  close(): Promise<void>;
}

/** Readers (address -> preference columns), the list zone, a start time; issues are stored by the test. */
export async function dueDay(kind: EngineKind, tz: string, start: string, readers: Record<string, PrefColumns>): Promise<DueDay> {
  const dir = tmpDir();
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(join(dir, 'content'), { recursive: true });
  const db = await openTestDb(kind);
  const sink = await startSink({ headersOnly: false });
  const clock = manualClock(start);
  const env = {
    GAZETTE_DATA_DIR: join(dir, 'data'), GAZETTE_OUT_DIR: join(dir, 'out'), GAZETTE_CONTENT_DIR: join(dir, 'content'),
    DATABASE_URL: kind === 'sqlite' ? `sqlite:${db.path}` : db.url,
    GAZETTE_TZ: tz, LOG_LEVEL: 'silent', SMTP_URL: sink.url, MAIL_FROM: 'Gazette <news@example.com>',
    PUBLIC_URL: 'https://news.example.com', GAZETTE_SECRET: 'due-day-secret-0123456789abcdef',
  };
  const make = () => createApp({ env, logger: silentLogger, clock });
  let app = make();
  const others: App[] = [];
  await app.subscribers().upsertMany(Object.keys(readers).map((email) => ({ email, status: 'confirmed' as const })), { source: 'cli', reason: 'test' });
  for (const [email, cols] of Object.entries(readers)) if (Object.keys(cols).length) await setPrefs(app.engine(), email, cols);
  const arrivals: Arrival[] = [];
  let seen = 0;
  const collect = async () => {
    for (; seen < sink.received.length; seen++) {
      const m = sink.received[seen]!;
      const mail = await simpleParser(m.raw);
      arrivals.push({ to: m.to[0]!, at: clock.now().toISOString(), edition: /^<([^.]+)\./.exec(mail.messageId ?? '')?.[1] ?? '', subject: mail.subject ?? '', text: mail.text ?? '', date: mail.date?.toISOString() ?? '' });
    }
  };
  const day: DueDay = {
    get app() { return app; },
    dir, clock, sink, db, arrivals, collect,
    async run(until, stepMs) {
      const reports: EditionDelivery[][] = [];
      const end = new Date(until).getTime();
      for (;;) {
        reports.push(await deliverDue(app, clock.now()));
        await collect();
        if (clock.now().getTime() + stepMs > end) return reports;
        clock.advance(stepMs);
      }
    },
    async restart() {
      await app.close();
      app = make();
    },
    another() {
      const other = make();
      others.push(other);
      return other;
    },
    async close() {
      for (const o of others) await o.close();
      await app.close();
      await sink.close();
      await db.close();
    },
  };
  return day;
}

/** Stores `rendered` as the edition of its key and freezes it at `cutoff`. */
export async function storeEdition(app: App, rendered: RenderedIssue, cutoff: string): Promise<void> {
  await app.issues().save(rendered, [], new Date(cutoff));
  await app.issues().freeze(rendered.issue.date, new Date(cutoff));
}
