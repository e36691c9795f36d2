// The subscribers commands' --help names every CSV column export writes and
// import reads, so an operator preparing a file does not leave preferences out.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const COLUMNS = ['email', 'name', 'status', 'timezone', 'hour', 'frequency', 'topics'];

describe('subscribers --help', () => {
  it('import --help lists every column import reads', async () => {
    const r = await runCli(['subscribers', 'import', '--help'], {});
    expect(r.code).toBe(0);
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('email, and optionally name, status, timezone, hour, frequency, topics');
  });

  it('subscribers --help gives export\'s seven columns', async () => {
    const r = await runCli(['subscribers', '--help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(`CSV (${COLUMNS.join(',')})`);
  });
});
