/**
 * A change after which live connections must be re-decided or closed,
 * wherever they are: on this node (domain/revocation.ts does it) and on the
 * other nodes of a cluster (the room registry announces it, server/app.ts
 * carries it over the control channel). It names what changed, never a
 * right: a node receiving it re-reads the rights itself.
 */
export type Revocation =
  | { type: 'rights-changed'; situationId: string }
  | { type: 'session-ended'; sessionId: string }
  | { type: 'user-sessions-ended'; userId: string }
