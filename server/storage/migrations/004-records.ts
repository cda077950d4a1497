/** Records that are not document fields: agreements to versions, commitments to actions, timeline events. */
export default /* sql */ `
CREATE TABLE agreements (
  id TEXT PRIMARY KEY,
  situation_id TEXT NOT NULL REFERENCES situations(id) ON DELETE CASCADE,
  version_id TEXT NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('agreed', 'notAgreed', 'pending')),
  comment TEXT NOT NULL DEFAULT '',
  user_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX agreements_version ON agreements(version_id, at);

CREATE TABLE commitments (
  id TEXT PRIMARY KEY,
  situation_id TEXT NOT NULL REFERENCES situations(id) ON DELETE CASCADE,
  action_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'declined')),
  comment TEXT NOT NULL DEFAULT '',
  user_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX commitments_action ON commitments(situation_id, action_id, at);

CREATE TABLE timeline_events (
  id TEXT PRIMARY KEY,
  situation_id TEXT NOT NULL REFERENCES situations(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX timeline_situation ON timeline_events(situation_id, date);
`
