// Every module's PostgreSQL migrations, in the order they are applied (a
// module whose tables refer to another's comes after it). `gazette db migrate`
// and the first use of a PostgreSQL database apply them; SQLite stores still
// migrate their own tables when opened (store/sqlite.ts).
import type { PgModule } from './postgres.js';
import { SUBSCRIBERS_PG } from '../subscribers/pg-schema.js';
import { DELIVER_PG } from '../deliver/pg-schema.js';
import { ISSUES_PG, RUNS_PG } from './pg-schema.js';
import { LEASES_PG } from '../schedule/pg-schema.js';
import { FEEDS_PG } from '../gather/feeds/pg-schema.js';
import { BOUNCES_PG } from '../bounces/pg-schema.js';
import { TOKEN_KEY_PG } from '../subscribers/pg-token-key.js';

export const PG_MODULES: readonly PgModule[] = [
  SUBSCRIBERS_PG,
  DELIVER_PG,
  ISSUES_PG,
  RUNS_PG,
  LEASES_PG,
  FEEDS_PG,
  BOUNCES_PG,
  // PostgreSQL only: on SQLite the generated key stays in the data folder's secret file.
  TOKEN_KEY_PG,
];
