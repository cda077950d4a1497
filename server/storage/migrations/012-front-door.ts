/**
 * The front door (issue 15): requests for support waiting in the intake list,
 * the person's identity (part 1 of the plan, personal data kept in SQL and not
 * in the shared document so each read is checked and audited), and when a
 * closed situation was erased by the retention job.
 */
export default /* sql */ `
CREATE TABLE requests (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(id),
  status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'accepted', 'redirected', 'answered')),
  requester_kind TEXT NOT NULL CHECK (requester_kind IN ('professional', 'person', 'family')),
  requester_name TEXT NOT NULL,
  requester_organisation TEXT NOT NULL DEFAULT '',
  requester_contact TEXT NOT NULL DEFAULT '',
  requester_user_id TEXT REFERENCES users(id),
  person TEXT NOT NULL,
  reason TEXT NOT NULL,
  difficulties TEXT NOT NULL DEFAULT '',
  urgency TEXT NOT NULL CHECK (urgency IN ('routine', 'soon', 'urgent')),
  person_informed INTEGER NOT NULL DEFAULT 0,
  person_agrees TEXT NOT NULL CHECK (person_agrees IN ('yes', 'no', 'unknown')),
  consent_how TEXT NOT NULL DEFAULT '',
  level INTEGER CHECK (level BETWEEN 1 AND 4),
  territory TEXT,
  decided_at TEXT,
  decided_by TEXT REFERENCES users(id),
  decision_note TEXT NOT NULL DEFAULT '',
  redirected_to TEXT NOT NULL DEFAULT '',
  situation_id TEXT REFERENCES situations(id) ON DELETE SET NULL
);
CREATE INDEX requests_status ON requests(status, created_at);

CREATE TABLE person_identity (
  situation_id TEXT PRIMARY KEY REFERENCES situations(id) ON DELETE CASCADE,
  data TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

ALTER TABLE situations ADD COLUMN erased_at TEXT;
`
