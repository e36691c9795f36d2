// Writes .env.example from the settings table, so it can never drift from what
// Gazette actually reads: `node --import tsx scripts/env-example.ts > .env.example`.
import { settings } from '../src/config/schema.js';

let out = '# Gazette configuration. Copy to .env and uncomment what you change.\n# Every value shown is the default; an unset variable uses it.\n';
for (const s of Object.values(settings)) {
  // The time zone default is this machine's; writing it would pin it for every reader.
  const shown = s.default !== undefined && s.env !== 'GAZETTE_TZ' ? s.default : '';
  out += `\n# ${s.doc}\n# ${s.env}=${shown}\n`;
}
process.stdout.write(out);
