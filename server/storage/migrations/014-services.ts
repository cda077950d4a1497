/**
 * Services own their intake (issue 15, decision 016): a service (DAC, MDPH,
 * MSP…) with its coordinators and intake desk; every request is addressed to
 * one service (`requests.service_id`, required: the table is rebuilt since
 * SQLite cannot add a NOT NULL column without a default); a situation opened
 * from a request remembers its service. Requests recorded before this
 * migration go to a default service created only if there are any, whose
 * coordinators are the accounts that already decided requests (nobody else
 * inherits the old "coordinates any situation" right).
 * Also the archive stage of the retention job: `situations.archived_at`.
 */
export default /* sql */ `
CREATE TABLE services (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('dac', 'mdph', 'msp', 'other')),
  created_at TEXT NOT NULL
);

CREATE TABLE service_members (
  service_id TEXT NOT NULL REFERENCES services(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('coordinator', 'intake')),
  added_at TEXT NOT NULL,
  removed_at TEXT
);
CREATE UNIQUE INDEX service_members_active ON service_members(service_id, user_id) WHERE removed_at IS NULL;
CREATE INDEX service_members_user ON service_members(user_id, removed_at);

INSERT INTO services (id, name, kind, created_at)
  SELECT 'service-default', 'Service d''accueil (demandes antérieures)', 'other', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
   WHERE EXISTS (SELECT 1 FROM requests);
INSERT INTO service_members (service_id, user_id, role, added_at)
  SELECT DISTINCT 'service-default', decided_by, 'coordinator', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM requests WHERE decided_by IS NOT NULL;

CREATE TABLE requests_014 (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(id),
  status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'accepted', 'redirected', 'answered')),
  service_id TEXT NOT NULL REFERENCES services(id),
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
INSERT INTO requests_014 (id, created_at, created_by, status, service_id, requester_kind, requester_name, requester_organisation,
    requester_contact, requester_user_id, person, reason, difficulties, urgency, person_informed, person_agrees, consent_how, level,
    territory, decided_at, decided_by, decision_note, redirected_to, situation_id)
  SELECT id, created_at, created_by, status, 'service-default', requester_kind, requester_name, requester_organisation,
    requester_contact, requester_user_id, person, reason, difficulties, urgency, person_informed, person_agrees, consent_how, level,
    territory, decided_at, decided_by, decision_note, redirected_to, situation_id
    FROM requests;
DROP TABLE requests;
ALTER TABLE requests_014 RENAME TO requests;
CREATE INDEX requests_status ON requests(status, created_at);
CREATE INDEX requests_service ON requests(service_id, created_at);
CREATE INDEX requests_creator ON requests(created_by, created_at);

ALTER TABLE situations ADD COLUMN service_id TEXT REFERENCES services(id);
UPDATE situations SET service_id = 'service-default'
 WHERE id IN (SELECT situation_id FROM requests WHERE situation_id IS NOT NULL);

ALTER TABLE situations ADD COLUMN archived_at TEXT;
`
