// Every setting Gazette reads, with its environment variable, its default and
// its check. One table, so that `.env.example`, the README and the error
// messages all come from the same place.
import { isIP } from 'node:net';
import { z } from 'zod';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { checkAddress } from '../subscribers/address.js';

import { cronProblem } from './cron.js';

// Zod's own messages ("Too small: expected number to be >=1", "expected
// number, received NaN") name no setting and no range; each check says what
// is allowed instead (the loader adds the variable and the value).
const numberIn = (min: number, max: number, whole: boolean) => {
  const allowed = `must be ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}`;
  const n = z.coerce.number({ error: allowed }).min(min, allowed).max(max, allowed);
  return whole ? n.int(allowed) : n;
};
const intIn = (min: number, max: number) => numberIn(min, max, true);
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(', ')}` });

export const configSchema = z.object({
  contentDir: z.string().min(1),
  templatesDir: z.string().min(1),
  outDir: z.string().min(1),
  dataDir: z.string().min(1),
  outboxDir: z.string().min(1),
  databaseUrl: z.string().regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'must be sqlite:PATH or postgres://…'),
  smtpUrl: z.string().regex(/^smtps?:\/\/.+/, 'must start with smtp:// or smtps://').optional(),
  mailFrom: z.string().superRefine((value, ctx) => {
    const problem = senderProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `must be one sender such as "Gazette <news@example.org>" or news@example.org, but ${problem}` });
  }),
  publicUrl: z.string().url('must be an absolute URL such as https://news.example.org'),
  secret: z.string().min(16, 'must be at least 16 characters').optional(),
  schedule: z.string().superRefine((value, ctx) => {
    const problem = cronProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  tz: z.string().refine((tz) => {
    try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; }
  }, 'must be an IANA time zone such as Europe/Paris'),
  listName: z.string().min(1),
  summarySentences: intIn(1, 20),
  summaryWords: intIn(0, 2000),
  maxStories: intIn(1, 200),
  maxAgeDays: intIn(0, 3650),
  summarizer: oneOf(['extractive', 'openai']),
  openaiBaseUrl: z.string().url('must be an absolute URL such as https://api.example.org/v1').optional(),
  openaiModel: z.string().optional(),
  openaiApiKey: z.string().optional(),
  openaiTimeoutMs: intIn(100, 600_000),
  feedTimeoutMs: intIn(100, 600_000),
  smtpMaxConnections: intIn(1, 100),
  smtpRateLimit: intIn(0, 100_000),
  smtpRetries: intIn(1, 20),
  smtpRetryDelayMs: intIn(1, 600_000),
  smtpOutageMs: intIn(0, 3_600_000),
  claimTtlMs: intIn(1_000, 3_600_000),
  smtpCaFile: z.string().optional(),
  smtpRequireTls: oneOf(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes'),
  nodeExtraCaCerts: z.string().optional(),
  dkimDomain: z.string().optional(),
  dkimSelector: z.string().optional(),
  dkimPrivateKey: z.string().optional(),
  bounceDomain: z.string().regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'must be a domain name such as bounces.example.org').optional(),
  bounceSoftLimit: intIn(1, 100),
  bounceSoftDays: intIn(1, 365),
  bounceMaxBytes: intIn(1024, 100_000_000),
  bounceTlsKey: z.string().optional(),
  bounceTlsCert: z.string().optional(),
  sesTopicArn: z.string().regex(/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]+$/, 'must be an SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:gazette-bounces').optional(),
  postmarkWebhookAuth: z.string().regex(/^[^:]+:.{12,}$/, 'must be user:password, the password at least 12 characters').optional(),
  mailgunSigningKey: z.string().min(16, 'must be at least 16 characters').optional(),
  sendgridWebhookKey: z.string().min(40, 'must be at least 40 characters (the base64 key SendGrid shows)').optional(),
  imapUrl: z.string().regex(/^imaps?:\/\/.+/, 'must start with imap:// or imaps://').optional(),
  dnsServers: z.string().refine((v) => v.split(',').every((s) => dnsServerOk(s.trim())), 'must be a comma-separated list of resolver addresses such as 9.9.9.9 or 127.0.0.1:5353').optional(),
  port: intIn(0, 65535),
  trustProxy: z.string().refine((v) => trustProxyValue(v) !== null, 'must be a number of proxy hops (such as 1) or a comma-separated list of proxy addresses or ranges (such as 10.0.0.5, 192.168.0.0/16)').optional(),
  graceHours: numberIn(0, 24, false),
  tickMinutes: intIn(1, 60),
  onEmpty: oneOf(['skip', 'send']),
  logLevel: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
});

export type Config = z.infer<typeof configSchema>;

/**
 * TRUST_PROXY as Fastify's trustProxy: a hop count, or the proxies' addresses
 * (proxy-addr also knows loopback, linklocal and uniquelocal); null when it is
 * neither. Never `true`: believing every X-Forwarded-For lets anyone pick the
 * address the rate limit counts.
 */
export function trustProxyValue(setting: string): number | string[] | null {
  const text = setting.trim();
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return null;
  const ok = parts.every((p) => {
    if (['loopback', 'linklocal', 'uniquelocal'].includes(p)) return true;
    const [address, bits, extra] = p.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || extra !== undefined) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  });
  return ok ? parts : null;
}

/** True for one resolver address: an IP, optionally with a port (IPv6 in brackets then). */
function dnsServerOk(server: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(server);
  if (bracketed) return isIP(bracketed[1]!) === 6 && (bracketed[2] === undefined || Number(bracketed[2]) <= 65535);
  if (isIP(server)) return true;
  const [host, port, extra] = server.split(':');
  return extra === undefined && isIP(host ?? '') === 4 && /^\d{1,5}$/.test(port ?? '') && Number(port) <= 65535;
}

/** Why MAIL_FROM is not one usable sender, or null. Checked at start, before anything is logged or sent. */
export function senderProblem(mailFrom: string): string | null {
  const parsed = addressparser(mailFrom.replace(/[\r\n]+/g, ' '), { flatten: true });
  if (parsed.length !== 1) return parsed.length === 0 ? 'it holds no address' : `it holds ${parsed.length} addresses`;
  const { name, address } = parsed[0]!;
  if (!address) return `it has no address${name ? ` (only the name ${JSON.stringify(name)})` : ''}`;
  const checked = checkAddress(address);
  return checked.ok ? null : `its address ${checked.reason}`;
}
export type ConfigKey = keyof Config;

/** A setting's environment variable, default and one-line meaning (for `.env.example` and the README). */
export interface Setting {
  env: string;
  default?: string;
  doc: string;
  /** A key or password: an error about it never shows the value, only its length. */
  secret?: true;
}

/** The environment variable and default of every setting. */
export const settings: Record<ConfigKey, Setting> = {
  contentDir: { env: 'GAZETTE_CONTENT_DIR', default: 'content', doc: 'folder of curated articles and feeds.txt' },
  templatesDir: { env: 'GAZETTE_TEMPLATES_DIR', default: 'templates', doc: 'folder of digest.mjml.hbs, digest.txt.hbs and partials/' },
  outDir: { env: 'GAZETTE_OUT_DIR', default: 'out', doc: 'where built issues are written (out/<date>/)' },
  dataDir: { env: 'GAZETTE_DATA_DIR', default: 'data', doc: 'folder for the generated secret and the default database' },
  outboxDir: { env: 'GAZETTE_OUTBOX_DIR', default: 'outbox', doc: 'where the outbox transport writes .eml files when SMTP_URL is unset' },
  databaseUrl: { env: 'DATABASE_URL', default: 'sqlite:data/gazette.db', doc: 'sqlite:PATH (the embedded default) or postgres://user:password@host:port/database' },
  smtpUrl: { env: 'SMTP_URL', doc: 'smtp://user:pass@host:port or smtps://…; several relays separated by commas, each optionally with ?pool=N&rate=N&hourly=N (see The SMTP relay); unset: write to the outbox folder' },
  mailFrom: { env: 'MAIL_FROM', default: 'Gazette <gazette@example.com>', doc: 'sender address' },
  publicUrl: { env: 'PUBLIC_URL', default: 'http://localhost:8080', doc: 'base URL of `serve`, used in unsubscribe and archive links' },
  secret: { env: 'GAZETTE_SECRET', doc: 'key that signs subscriber tokens; unset: generated on first use and kept in the data folder (SQLite) or the database (PostgreSQL, shared by every host)' , secret: true },
  schedule: { env: 'GAZETTE_SCHEDULE', default: '0 7 * * *', doc: 'cron expression of `run`' },
  tz: { env: 'GAZETTE_TZ', default: Intl.DateTimeFormat().resolvedOptions().timeZone, doc: "time zone of `run` and of the issue date; default: the machine's zone" },
  listName: { env: 'GAZETTE_LIST_NAME', default: 'Gazette', doc: 'name of the newsletter, in the subject, List-Id and pages' },
  summarySentences: { env: 'GAZETTE_SUMMARY_SENTENCES', default: '3', doc: 'sentences per story summary' },
  summaryWords: { env: 'GAZETTE_SUMMARY_WORDS', default: '0', doc: 'word budget per story summary; 0: no budget' },
  maxStories: { env: 'GAZETTE_MAX_STORIES', default: '12', doc: 'stories per issue at most' },
  maxAgeDays: { env: 'GAZETTE_MAX_AGE_DAYS', default: '0', doc: 'leave out articles published longer ago than this; 0: no limit' },
  summarizer: { env: 'SUMMARIZER', default: 'extractive', doc: 'extractive, or openai for an OpenAI-compatible chat endpoint' },
  openaiBaseUrl: { env: 'OPENAI_BASE_URL', doc: 'base URL of the chat-completions API (…/v1)' },
  openaiModel: { env: 'OPENAI_MODEL', doc: 'model name for SUMMARIZER=openai' },
  openaiApiKey: { env: 'OPENAI_API_KEY', doc: 'API key for SUMMARIZER=openai' , secret: true },
  openaiTimeoutMs: { env: 'OPENAI_TIMEOUT_MS', default: '20000', doc: 'time limit of one summarizer request; past it the extractive summary is used' },
  feedTimeoutMs: { env: 'GAZETTE_FEED_TIMEOUT_MS', default: '15000', doc: 'time limit of fetching one feed or page (connect to last byte); past it the source is reported and skipped' },
  smtpMaxConnections: { env: 'SMTP_MAX_CONNECTIONS', default: '5', doc: 'parallel SMTP connections (per relay, unless its pool= says otherwise)' },
  smtpRateLimit: { env: 'SMTP_RATE_LIMIT', default: '0', doc: 'messages per second at most (per relay, unless its rate= says otherwise); 0: no limit' },
  smtpRetries: { env: 'SMTP_RETRIES', default: '4', doc: 'attempts per message in one send when the server answers 4xx or the connection fails; then it waits for the next run' },
  smtpRetryDelayMs: { env: 'SMTP_RETRY_DELAY_MS', default: '2000', doc: 'wait before the second attempt, doubled for each further one (with jitter, at most 30 s)' },
  smtpOutageMs: { env: 'SMTP_OUTAGE_MS', default: '60000', doc: 'how long the SMTP server may stay unreachable during a send (retried with back-off meanwhile) before the send pauses; the next run resumes' },
  claimTtlMs: { env: 'GAZETTE_CLAIM_TTL_MS', default: '120000', doc: 'how long a sender\'s claim on its recipients lasts unrenewed (renewed every third of it while it runs): the rows of a sender that died on another host wait this long before another sender takes them over' },
  smtpCaFile: { env: 'SMTP_CA_FILE', doc: "PEM file of the CA that signed the SMTP relay's certificate (a private CA), trusted besides the public ones" },
  smtpRequireTls: { env: 'SMTP_REQUIRE_TLS', default: 'false', doc: 'true: with smtp://, send only after STARTTLS (never in the clear); smtps:// is TLS from the first byte anyway' },
  nodeExtraCaCerts: { env: 'NODE_EXTRA_CA_CERTS', doc: 'Node reads it only from the process environment; set in .env, Gazette trusts it for SMTP like SMTP_CA_FILE' },
  dkimDomain: { env: 'DKIM_DOMAIN', doc: 'signing domain for DKIM (with DKIM_SELECTOR and DKIM_PRIVATE_KEY)' },
  dkimSelector: { env: 'DKIM_SELECTOR', doc: 'DKIM selector' },
  dkimPrivateKey: { env: 'DKIM_PRIVATE_KEY', doc: 'DKIM private key (PEM text, or a path to a PEM file)' , secret: true },
  bounceDomain: { env: 'BOUNCE_DOMAIN', doc: "domain of the VERP return path (bounces+<token>@BOUNCE_DOMAIN) whose MX points at `gazette bounces --listen`; default: MAIL_FROM's domain" },
  bounceSoftLimit: { env: 'BOUNCE_SOFT_LIMIT', default: '3', doc: 'soft bounces (4.x.x) within BOUNCE_SOFT_DAYS that mark a subscriber bounced' },
  bounceSoftDays: { env: 'BOUNCE_SOFT_DAYS', default: '14', doc: 'the window, in days, in which soft bounces are counted' },
  bounceMaxBytes: { env: 'BOUNCE_MAX_BYTES', default: '5000000', doc: 'largest message `gazette bounces --listen` accepts, in bytes' },
  bounceTlsKey: { env: 'BOUNCE_TLS_KEY', doc: 'PEM file of the private key `gazette bounces --listen` offers STARTTLS with (with BOUNCE_TLS_CERT); unset: no STARTTLS' },
  bounceTlsCert: { env: 'BOUNCE_TLS_CERT', doc: "PEM file of the certificate (chain) for BOUNCE_DOMAIN's MX host, with BOUNCE_TLS_KEY" },
  sesTopicArn: { env: 'SES_TOPIC_ARN', doc: 'Amazon SES: the SNS topic of bounce and complaint notifications; enables POST /webhooks/ses' },
  postmarkWebhookAuth: { env: 'POSTMARK_WEBHOOK_AUTH', doc: "Postmark: user:password of the webhook URL's basic auth; enables POST /webhooks/postmark" , secret: true },
  mailgunSigningKey: { env: 'MAILGUN_SIGNING_KEY', doc: 'Mailgun: the HTTP webhook signing key; enables POST /webhooks/mailgun' , secret: true },
  sendgridWebhookKey: { env: 'SENDGRID_WEBHOOK_KEY', doc: "SendGrid: the signed event webhook's verification key (base64); enables POST /webhooks/sendgrid" , secret: true },
  imapUrl: { env: 'IMAP_URL', doc: 'mailbox `gazette bounces --imap` reads returned mail from: imaps://user:password@host:993/INBOX' },
  dnsServers: { env: 'DNS_SERVERS', doc: "resolvers `check-domain` asks (comma-separated, such as 9.9.9.9 or 127.0.0.1:5353); default: the machine's" },
  trustProxy: { env: 'TRUST_PROXY', doc: 'behind reverse proxies: how many hops (1 for one proxy) or which addresses (10.0.0.5,192.168.0.0/16) to believe about the client address in X-Forwarded-For (for the subscribe rate limit); unset: none, the connecting address counts' },
  port: { env: 'PORT', default: '8080', doc: 'port of `serve` (and of `preview` plus one)' },
  graceHours: { env: 'GAZETTE_GRACE_HOURS', default: '3', doc: 'a run missed while down is still sent this many hours late, not later' },
  tickMinutes: { env: 'GAZETTE_TICK_MINUTES', default: '5', doc: 'how often `gazette run` delivers what has fallen due (each reader at their own hour); a reader may get the issue up to this much after it' },
  onEmpty: { env: 'GAZETTE_ON_EMPTY', default: 'skip', doc: 'when nothing new arrived: skip the issue, or send a short one' },
  logLevel: { env: 'LOG_LEVEL', default: 'info', doc: 'pino log level' },
};
