/**
 * The territory's view (issue 19): the account-level `pilot` right on
 * départements, and the projection of the SERAFIN-PH needs coded in each plan
 * (written on change by the needs projection, read by the dashboard, never
 * by loading documents). A situation's département follows from its commune
 * (`territory`): a virtual column with an index, so a département's dashboard
 * reads only its own rows.
 */
export default /* sql */ `
CREATE TABLE pilot_rights (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  departement TEXT NOT NULL,
  granted_at TEXT NOT NULL,
  granted_by TEXT,
  PRIMARY KEY (user_id, departement)
);

ALTER TABLE situations ADD COLUMN departement TEXT
  GENERATED ALWAYS AS (CASE WHEN territory IS NULL THEN NULL WHEN substr(territory, 1, 2) = '97' THEN substr(territory, 1, 3) ELSE substr(territory, 1, 2) END) VIRTUAL;
CREATE INDEX situations_departement ON situations(departement, status);

CREATE TABLE unmet_needs (
  situation_id TEXT NOT NULL REFERENCES situations(id) ON DELETE CASCADE,
  row_id TEXT NOT NULL,
  need_code TEXT NOT NULL,
  missing_answer TEXT,
  missing_since TEXT NOT NULL,
  projected_at TEXT NOT NULL,
  PRIMARY KEY (situation_id, row_id, need_code)
);
-- Covering the dashboard's read (by situation), so it never visits the table itself.
CREATE INDEX unmet_needs_situation ON unmet_needs(situation_id, need_code, missing_answer, missing_since);

CREATE TABLE assessment_needs (
  situation_id TEXT NOT NULL REFERENCES situations(id) ON DELETE CASCADE,
  domain TEXT NOT NULL,
  need_code TEXT NOT NULL,
  projected_at TEXT NOT NULL,
  PRIMARY KEY (situation_id, domain, need_code)
);
`
