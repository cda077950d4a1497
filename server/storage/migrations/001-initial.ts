/** Accounts, sessions, situations, memberships, the update log, snapshots and versions. */
export default /* sql */ `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT UNIQUE COLLATE NOCASE,
  login TEXT UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  password_hash TEXT,
  created_at TEXT NOT NULL,
  deactivated_at TEXT
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  secret_hash BLOB NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_verified_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE situations (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('pag', 'pps', 'ppcs')),
  person_name TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  review_date TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES users(id)
);

CREATE TABLE members (
  id TEXT PRIMARY KEY,
  situation_id TEXT NOT NULL REFERENCES situations(id) ON DELETE CASCADE,
  user_id TEXT REFERENCES users(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('coordinator', 'professional', 'person', 'relative', 'legalRepresentative', 'observer')),
  sector TEXT CHECK (sector IN ('health', 'social', 'medicosocial', 'mainstream')),
  organisation TEXT NOT NULL DEFAULT '',
  mission TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',
  care_team INTEGER NOT NULL DEFAULT 0,
  plan_hidden INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  removed_at TEXT
);
CREATE INDEX members_situation ON members(situation_id);
CREATE UNIQUE INDEX members_active_user ON members(situation_id, user_id) WHERE user_id IS NOT NULL AND removed_at IS NULL;

-- The append-only update log: one row per accepted Yjs update.
CREATE TABLE doc_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  doc TEXT NOT NULL,
  bytes BLOB NOT NULL,
  checksum INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX doc_updates_doc ON doc_updates(doc, seq);

-- Compacted states: the full document up to and including log row upto_seq.
CREATE TABLE doc_snapshots (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  doc TEXT NOT NULL,
  upto_seq INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  checksum INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX doc_snapshots_doc ON doc_snapshots(doc, id);

-- Rows that could not be applied at load, kept for inspection instead of crash-looping.
CREATE TABLE doc_quarantine (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  doc TEXT NOT NULL,
  source TEXT NOT NULL,
  original_id INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- Each Yjs client id is bound to the user who first used it in that document.
CREATE TABLE client_bindings (
  doc TEXT NOT NULL,
  client_id INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (doc, client_id)
);

-- Named versions: immutable full-state snapshots of every part at one moment.
CREATE TABLE versions (
  id TEXT PRIMARY KEY,
  situation_id TEXT NOT NULL REFERENCES situations(id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  meeting_id TEXT
);
CREATE INDEX versions_situation ON versions(situation_id, created_at);

CREATE TABLE version_parts (
  version_id TEXT NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  part TEXT NOT NULL,
  bytes BLOB NOT NULL,
  checksum INTEGER NOT NULL,
  PRIMARY KEY (version_id, part)
);
`
