// The preference columns (preferences.ts), one migration step shared by both
// engines: the statements are the same in SQLite and PostgreSQL. The index
// serves delivery's question "which confirmed readers of this frequency, zone
// and hour are due", a handful of groups read by equality.
export const PREFERENCE_STEP = `ALTER TABLE subscribers ADD COLUMN timezone TEXT NOT NULL DEFAULT '';
   ALTER TABLE subscribers ADD COLUMN send_hour INTEGER NOT NULL DEFAULT -1;
   ALTER TABLE subscribers ADD COLUMN frequency TEXT NOT NULL DEFAULT 'daily';
   ALTER TABLE subscribers ADD COLUMN topics TEXT NOT NULL DEFAULT '';
   CREATE INDEX subscribers_delivery ON subscribers (status, frequency, timezone, send_hour, id);`;

// A status change may come from the reader's own mail (the List-Unsubscribe
// mailto): the history's source gains 'mail'. SQLite cannot alter a CHECK, so
// its table is rebuilt with the same rows and ids; PostgreSQL swaps the constraint.
const SOURCES = "('cli', 'import', 'web', 'delivery', 'mail')";

export const MAIL_SOURCE_SQLITE = `CREATE TABLE subscriber_events_v2 (
     id INTEGER PRIMARY KEY,
     subscriber_id INTEGER NOT NULL REFERENCES subscribers (id),
     at TEXT NOT NULL,
     from_status TEXT,
     to_status TEXT NOT NULL,
     source TEXT NOT NULL CHECK (source IN ${SOURCES}),
     reason TEXT NOT NULL
   );
   INSERT INTO subscriber_events_v2 (id, subscriber_id, at, from_status, to_status, source, reason)
     SELECT id, subscriber_id, at, from_status, to_status, source, reason FROM subscriber_events;
   DROP TABLE subscriber_events;
   ALTER TABLE subscriber_events_v2 RENAME TO subscriber_events;
   CREATE INDEX subscriber_events_subscriber ON subscriber_events (subscriber_id, id);`;

export const MAIL_SOURCE_PG = `ALTER TABLE subscriber_events DROP CONSTRAINT subscriber_events_source_check;
   ALTER TABLE subscriber_events ADD CONSTRAINT subscriber_events_source_check CHECK (source IN ${SOURCES});`;
