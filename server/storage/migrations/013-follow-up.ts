/**
 * Follow-up that runs itself (issue 18): reminder jobs kept in SQL (claimed
 * in one transaction, each key run once), progress requests to action owners
 * and their answers, the co-evaluation of each goal by the circle and by the
 * person, and each user's choice about the daily digest.
 */
export default /* sql */ `
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  key TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL DEFAULT '{}',
  due_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  done_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX jobs_due ON jobs(state, due_at);

CREATE TABLE progress_requests (
  id TEXT PRIMARY KEY,
  situation_id TEXT NOT NULL REFERENCES situations(id) ON DELETE CASCADE,
  action_id TEXT NOT NULL,
  owner_member_id TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  message TEXT NOT NULL DEFAULT '',
  answered_at TEXT
);
CREATE INDEX progress_requests_situation ON progress_requests(situation_id, requested_at);
CREATE INDEX progress_requests_owner ON progress_requests(owner_member_id, answered_at);

CREATE TABLE progress_answers (
  id TEXT PRIMARY KEY,
  situation_id TEXT NOT NULL REFERENCES situations(id) ON DELETE CASCADE,
  action_id TEXT NOT NULL,
  request_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('done', 'underWay', 'blocked')),
  note TEXT NOT NULL DEFAULT '',
  user_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX progress_answers_action ON progress_answers(situation_id, action_id, at);

CREATE TABLE co_evaluations (
  id TEXT PRIMARY KEY,
  situation_id TEXT NOT NULL REFERENCES situations(id) ON DELETE CASCADE,
  goal_id TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('circle', 'person')),
  rating TEXT NOT NULL CHECK (rating IN ('reached', 'partly', 'notReached')),
  comment TEXT NOT NULL DEFAULT '',
  user_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX co_evaluations_goal ON co_evaluations(situation_id, goal_id, at);

-- A reminder mail is written here in the same transaction that marks its job
-- done, then handed to the mail layer once: sending_at is set before the
-- hand-over, so a mail whose hand-over was interrupted is never sent again by
-- SMTP (it goes to the outbox instead): never twice, never lost.
CREATE TABLE reminder_mails (
  id TEXT PRIMARY KEY,
  job_key TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text TEXT NOT NULL,
  html TEXT NOT NULL,
  link TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sending_at TEXT,
  sent_at TEXT,
  delivered TEXT
);
CREATE INDEX reminder_mails_unsent ON reminder_mails(sent_at);

CREATE TABLE user_preferences (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  digest INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
`
