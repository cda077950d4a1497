/** Invitations, the consent record and the audit trail. */
export default /* sql */ `
CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  token_hash BLOB NOT NULL UNIQUE,
  purpose TEXT NOT NULL CHECK (purpose IN ('join', 'reset')),
  situation_id TEXT NOT NULL REFERENCES situations(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT,
  sector TEXT,
  organisation TEXT NOT NULL DEFAULT '',
  mission TEXT NOT NULL DEFAULT '',
  member_id TEXT REFERENCES members(id),
  user_id TEXT REFERENCES users(id),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  used_by TEXT
);
CREATE INDEX invitations_situation ON invitations(situation_id);

-- The consent record: each row is one statement; the latest one is in force.
CREATE TABLE consent_records (
  id TEXT PRIMARY KEY,
  situation_id TEXT NOT NULL REFERENCES situations(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('agreed', 'objected')),
  informed INTEGER NOT NULL DEFAULT 1,
  how TEXT NOT NULL,
  given_by_member TEXT REFERENCES members(id),
  recorded_by TEXT NOT NULL,
  given_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consent_situation ON consent_records(situation_id, recorded_at);

CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  situation_id TEXT,
  user_id TEXT,
  action TEXT NOT NULL,
  target TEXT,
  detail TEXT NOT NULL DEFAULT '{}',
  address TEXT
);
CREATE INDEX audit_situation ON audit_events(situation_id, id);
`
