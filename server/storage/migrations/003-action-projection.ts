/** A projection of each plan's actions into SQL, for "Mes actions" without loading documents. */
export default /* sql */ `
CREATE TABLE plan_actions (
  situation_id TEXT NOT NULL REFERENCES situations(id) ON DELETE CASCADE,
  action_id TEXT NOT NULL,
  goal_id TEXT,
  title TEXT NOT NULL,
  owner TEXT,
  due_date TEXT,
  status TEXT NOT NULL,
  projected_at TEXT NOT NULL,
  PRIMARY KEY (situation_id, action_id)
);
CREATE INDEX plan_actions_owner ON plan_actions(owner);
`
