/**
 * Accounts you can trust (issue 14): the mail outbox, proven e-mail
 * addresses, invitations bound to an address with their life cycle (opened,
 * revoked), sessions that know their device, and single sign-on links.
 * Existing e-mail addresses were never proven: they start unverified.
 */
export default /* sql */ `
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text TEXT NOT NULL,
  html TEXT NOT NULL,
  situation_id TEXT,
  link TEXT
);
CREATE INDEX outbox_situation ON outbox(situation_id, created_at);

ALTER TABLE users ADD COLUMN email_verified_at TEXT;

ALTER TABLE invitations ADD COLUMN login TEXT;
ALTER TABLE invitations ADD COLUMN opened_at TEXT;
ALTER TABLE invitations ADD COLUMN revoked_at TEXT;
ALTER TABLE invitations ADD COLUMN revoked_by TEXT;
ALTER TABLE invitations ADD COLUMN revoked_reason TEXT;
-- 1 when the creator was shown the link (hand-over, outbox): accepting it then
-- proves nothing about the mailbox. 0 when only the mail carried it.
ALTER TABLE invitations ADD COLUMN link_handed INTEGER NOT NULL DEFAULT 1;
CREATE INDEX invitations_user ON invitations(user_id);

ALTER TABLE sessions ADD COLUMN shared_device INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN address TEXT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;

CREATE TABLE oidc_links (
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  rpps TEXT,
  linked_at TEXT NOT NULL,
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX oidc_links_user ON oidc_links(user_id);

CREATE TABLE oidc_pending (
  state TEXT PRIMARY KEY,
  code_verifier TEXT NOT NULL,
  nonce TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('login', 'link', 'invitation')),
  user_id TEXT,
  invitation_token TEXT,
  personal_device INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
`
