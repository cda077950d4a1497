/**
 * Versions, agreements, commitments and life-line events: the one in force
 * is the latest, and two written in the same millisecond were told apart by
 * SQLite's rowid and, on PostgreSQL, by `ctid` (the row's physical place),
 * which an UPDATE, a CLUSTER or a reused page moves. A per-situation
 * sequence number, given at insert as for consent records (015), says which
 * came last on both engines. Rows already written are numbered by their
 * time, then by id (portable SQL: the same text runs on PostgreSQL).
 */
const numbered = (table: string, time: string) => `
ALTER TABLE ${table} ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE ${table} SET seq = (
  SELECT count(*) FROM ${table} t2
   WHERE t2.situation_id = ${table}.situation_id
     AND (t2.${time} < ${table}.${time} OR (t2.${time} = ${table}.${time} AND t2.id <= ${table}.id))
);`

export default /* sql */ [numbered('versions', 'created_at'), numbered('agreements', 'at'), numbered('commitments', 'at'), numbered('timeline_events', 'created_at')].join('\n')
