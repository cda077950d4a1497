import type { Db } from './db.ts'

export interface OidcLinkRow {
  issuer: string
  subject: string
  userId: string
  rpps: string | null
  linkedAt: string
}

export interface OidcPendingRow {
  state: string
  codeVerifier: string
  nonce: string
  purpose: 'login' | 'link' | 'invitation'
  userId: string | null
  invitationToken: string | null
  personalDevice: boolean
  createdAt: number
}

/** Sign-on links (provider subject → account) and the short-lived state of flows under way. */
export function createOidcRows(db: Db) {
  const link = db.prepare('INSERT INTO oidc_links (issuer, subject, user_id, rpps, linked_at) VALUES (@issuer, @subject, @userId, @rpps, @linkedAt)')
  const bySubject = db.prepare('SELECT issuer, subject, user_id AS userId, rpps, linked_at AS linkedAt FROM oidc_links WHERE issuer = ? AND subject = ?')
  const byRpps = db.prepare('SELECT issuer, subject, user_id AS userId, rpps, linked_at AS linkedAt FROM oidc_links WHERE issuer = ? AND rpps = ?')
  const ofUser = db.prepare('SELECT issuer, subject, user_id AS userId, rpps, linked_at AS linkedAt FROM oidc_links WHERE user_id = ?')
  const unlink = db.prepare('DELETE FROM oidc_links WHERE user_id = ? AND issuer = ?')
  const insertPending = db.prepare(
    'INSERT INTO oidc_pending (state, code_verifier, nonce, purpose, user_id, invitation_token, personal_device, created_at) VALUES (@state, @codeVerifier, @nonce, @purpose, @userId, @invitationToken, @personalDevice, @createdAt)',
  )
  const takePending = db.prepare(
    'DELETE FROM oidc_pending WHERE state = ? RETURNING state, code_verifier AS codeVerifier, nonce, purpose, user_id AS userId, invitation_token AS invitationToken, personal_device AS personalDevice, created_at AS createdAt',
  )
  const purge = db.prepare('DELETE FROM oidc_pending WHERE created_at < ?')
  return {
    link: (row: OidcLinkRow) => void link.run(row),
    bySubject: (issuer: string, subject: string) => bySubject.get(issuer, subject) as OidcLinkRow | undefined,
    byRpps: (issuer: string, rpps: string) => byRpps.get(issuer, rpps) as OidcLinkRow | undefined,
    ofUser: (userId: string) => ofUser.all(userId) as OidcLinkRow[],
    unlink: (userId: string, issuer: string): boolean => unlink.run(userId, issuer).changes > 0,
    savePending: (row: OidcPendingRow) => void insertPending.run({ ...row, personalDevice: row.personalDevice ? 1 : 0 }),
    /** Single use: the row is deleted as it is read. */
    takePending: (state: string): OidcPendingRow | undefined => {
      const row = takePending.get(state) as (Omit<OidcPendingRow, 'personalDevice'> & { personalDevice: number }) | undefined
      return row ? { ...row, personalDevice: row.personalDevice === 1 } : undefined
    },
    purgePendingBefore: (at: number) => void purge.run(at),
  }
}
export type OidcRows = ReturnType<typeof createOidcRows>
