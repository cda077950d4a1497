/** Accounts and what hangs on them: users, invitations, OpenID links, preferences, the mail outbox, services, identities, pilot rights. */
export interface AccountTables {}
