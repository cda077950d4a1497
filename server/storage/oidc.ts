import type { SqlDb } from './sql/schema.ts'

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

const LINK_COLUMNS = ['issuer', 'subject', 'user_id as userId', 'rpps', 'linked_at as linkedAt'] as const

/**
 * Sign-on links (provider subject → account) and the short-lived state of
 * flows under way, asynchronous on both engines (docs/decisions/018).
 * @example const oidc = createOidcRows(sql); await oidc.takePending(state)
 */
export function createOidcRows(sql: SqlDb) {
  const links = () => sql.selectFrom('oidc_links').select(LINK_COLUMNS)
  return {
    async link(row: OidcLinkRow): Promise<void> {
      await sql
        .insertInto('oidc_links')
        .values({ issuer: row.issuer, subject: row.subject, user_id: row.userId, rpps: row.rpps, linked_at: row.linkedAt })
        .execute()
    },
    async bySubject(issuer: string, subject: string): Promise<OidcLinkRow | undefined> {
      return links().where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst()
    },
    async byRpps(issuer: string, rpps: string): Promise<OidcLinkRow | undefined> {
      return links().where('issuer', '=', issuer).where('rpps', '=', rpps).executeTakeFirst()
    },
    async ofUser(userId: string): Promise<OidcLinkRow[]> {
      return links().where('user_id', '=', userId).execute()
    },
    async unlink(userId: string, issuer: string): Promise<boolean> {
      const result = await sql.deleteFrom('oidc_links').where('user_id', '=', userId).where('issuer', '=', issuer).executeTakeFirst()
      return Number(result.numDeletedRows) > 0
    },
    async savePending(row: OidcPendingRow): Promise<void> {
      await sql
        .insertInto('oidc_pending')
        .values({
          state: row.state,
          code_verifier: row.codeVerifier,
          nonce: row.nonce,
          purpose: row.purpose,
          user_id: row.userId,
          invitation_token: row.invitationToken,
          personal_device: row.personalDevice ? 1 : 0,
          created_at: row.createdAt,
        })
        .execute()
    },
    /** Single use: the row is deleted as it is read (one statement, so two callbacks with the same state cannot both get it). */
    async takePending(state: string): Promise<OidcPendingRow | undefined> {
      const row = await sql
        .deleteFrom('oidc_pending')
        .where('state', '=', state)
        .returning([
          'state',
          'code_verifier as codeVerifier',
          'nonce',
          'purpose',
          'user_id as userId',
          'invitation_token as invitationToken',
          'personal_device as personalDevice',
          'created_at as createdAt',
        ])
        .executeTakeFirst()
      return row ? { ...row, personalDevice: row.personalDevice === 1 } : undefined
    },
    async purgePendingBefore(at: number): Promise<void> {
      await sql.deleteFrom('oidc_pending').where('created_at', '<', at).execute()
    },
  }
}
export type OidcRows = ReturnType<typeof createOidcRows>
