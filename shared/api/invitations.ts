/** Invitation links and the hand-over outbox over HTTP (docs/api.md, "Invitations"). */

/** `GET /api/invitations/:token`: who is invited to what, before accepting. */
export interface InvitationInfo {
  purpose: string
  role: string
  name: string | null
  email: string | null
  /** The login name the invitation is for, when it names no e-mail. */
  login?: string | null
  situationTitle: string
  expiresAt: string
}

/** `GET /api/situations/:id/invitations`: one link of a situation as its coordinator sees it (never its token). */
export interface SituationLink {
  id: string
  purpose: 'join' | 'reset'
  role: string
  name: string
  email: string | null
  login: string | null
  state: 'sent' | 'opened' | 'used' | 'expired' | 'revoked' | 'pending'
  createdAt: string
  expiresAt: string
  openedAt: string | null
  usedAt: string | null
  revokedAt: string | null
}

/** `GET /api/situations/:id/outbox`: a mail kept for hand-over (no SMTP server, or it failed); the coordinator gives `link` in person. */
export interface OutboxMail {
  id: string
  createdAt: string
  kind: string
  to: string
  subject: string
  link: string | null
}
