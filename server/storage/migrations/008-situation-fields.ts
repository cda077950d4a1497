/**
 * The situation fields of the second round (DESIGN.md 5b): the plan's stage,
 * the response level, the territory (INSEE commune code) and how it was closed.
 * Existing situations get a stage from what they already hold: closed ones are
 * `closed`, those with a validated version are in `followUp`, others in `preparation`.
 */
export default /* sql */ `
ALTER TABLE situations ADD COLUMN stage TEXT NOT NULL DEFAULT 'preparation'
  CHECK (stage IN ('preparation', 'validated', 'followUp', 'toReview', 'closed'));
ALTER TABLE situations ADD COLUMN level INTEGER CHECK (level BETWEEN 1 AND 4);
ALTER TABLE situations ADD COLUMN territory TEXT;
ALTER TABLE situations ADD COLUMN closed_at TEXT;
ALTER TABLE situations ADD COLUMN closed_reason TEXT;
UPDATE situations SET stage = 'closed' WHERE status = 'closed';
UPDATE situations SET stage = 'followUp'
 WHERE status = 'open' AND EXISTS (SELECT 1 FROM versions v WHERE v.situation_id = situations.id);
CREATE INDEX situations_territory ON situations(territory);
`
