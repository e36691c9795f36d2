// `npm run bench`: the pipeline's scaling figures, each beside a baseline
// measured in the same run. The heavier suites have their own scripts:
// `npm run bench:summary` (ROUGE against Lead-3 and TextRank) and
// `npm run bench:send` (delivery against careful and naive nodemailer).
import { runClusterBench } from './cluster.js';
import { runImportBench } from './import.js';
import { runPgImportBench } from './import-pg.js';
import { runStartupBench } from './startup.js';

const line = (s = '') => process.stdout.write(s + '\n');

line('# Story clustering: 1,000 and 10,000 articles');
await runClusterBench({ print: line });
line();
line('# Subscriber import: a 100,000-row CSV');
await runImportBench({ print: line });
line();
line('# Subscriber import into PostgreSQL (COPY) beside SQLite: the same CSV');
await runPgImportBench({ print: line });
line();
line('# Start-up: --help, status and send --dry-run as whole processes');
await runStartupBench({ print: line });
