// Sets a subscriber's preference columns with SQL on either engine (the
// preferences page and import live on other branches; delivery reads the columns).
import type { Engine } from '../../../src/store/engine.js';

export interface PrefColumns { timezone?: string; send_hour?: number; frequency?: string; topics?: string }

/** Writes the given preference columns of the subscriber with address `email`. */
export async function setPrefs(engine: Engine, email: string, cols: PrefColumns): Promise<void> {
  const keys = Object.keys(cols) as (keyof PrefColumns)[];
  const values = keys.map((k) => cols[k]);
  if (engine.kind === 'sqlite') {
    engine.db.prepare(`UPDATE subscribers SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE email = ?`).run(...values, email);
  } else {
    await engine.pool.query(`UPDATE subscribers SET ${keys.map((k, i) => `${k} = $${i + 1}`).join(', ')} WHERE email = $${keys.length + 1}`, [...values, email]);
  }
}
