// The preference columns (preferences.ts), one migration step shared by both
// engines: the statements are the same in SQLite and PostgreSQL. The index
// serves delivery's question "which confirmed readers of this frequency, zone
// and hour are due", a handful of groups read by equality.
export const PREFERENCE_STEP = `ALTER TABLE subscribers ADD COLUMN timezone TEXT NOT NULL DEFAULT '';
   ALTER TABLE subscribers ADD COLUMN send_hour INTEGER NOT NULL DEFAULT -1;
   ALTER TABLE subscribers ADD COLUMN frequency TEXT NOT NULL DEFAULT 'daily';
   ALTER TABLE subscribers ADD COLUMN topics TEXT NOT NULL DEFAULT '';
   CREATE INDEX subscribers_delivery ON subscribers (status, frequency, timezone, send_hour, id);`;
