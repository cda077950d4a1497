/**
 * The consent record in force is a situation's latest statement. Two
 * statements recorded in the same millisecond were told apart by SQLite's
 * rowid, which PostgreSQL has not (issue 21, docs/decisions/018): a
 * per-situation sequence number, given at insert, says which came last on
 * both engines. Rows already recorded are numbered by time, then by id
 * (portable SQL: the same text runs on PostgreSQL).
 */
export default /* sql */ `
ALTER TABLE consent_records ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE consent_records SET seq = (
  SELECT count(*) FROM consent_records c2
   WHERE c2.situation_id = consent_records.situation_id
     AND (c2.recorded_at < consent_records.recorded_at OR (c2.recorded_at = consent_records.recorded_at AND c2.id <= consent_records.id))
);
`
