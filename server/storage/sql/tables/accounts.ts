import type { Generated } from 'kysely'
import type { ServiceKind, ServiceRole } from '../../../../shared/api/intake.ts'
import type { Bytes } from '../schema.ts'

/** Accounts and what hangs on them: users, invitations, OpenID links, preferences, the mail outbox, services, identities, pilot rights. */
export interface AccountTables {
  users: UsersTable
  invitations: InvitationsTable
  oidc_links: OidcLinksTable
  oidc_pending: OidcPendingTable
  user_preferences: UserPreferencesTable
  outbox: OutboxTable
  services: ServicesTable
  service_members: ServiceMembersTable
  person_identity: PersonIdentityTable
  pilot_rights: PilotRightsTable
}

export interface UsersTable {
  id: string
  email: string | null
  login: string | null
  name: string
  password_hash: string | null
  created_at: string
  deactivated_at: string | null
  email_verified_at: string | null
}

export interface InvitationsTable {
  id: string
  token_hash: Bytes
  /** CHECK (purpose IN ('join', 'reset')). */
  purpose: 'join' | 'reset'
  situation_id: string
  role: string
  name: string
  email: string | null
  sector: string | null
  organisation: Generated<string>
  mission: Generated<string>
  member_id: string | null
  user_id: string | null
  created_by: string
  created_at: string
  expires_at: string
  used_at: string | null
  used_by: string | null
  login: string | null
  opened_at: string | null
  revoked_at: string | null
  revoked_by: string | null
  revoked_reason: string | null
  link_handed: Generated<number>
}

export interface OidcLinksTable {
  issuer: string
  subject: string
  user_id: string
  rpps: string | null
  linked_at: string
}

export interface OidcPendingTable {
  state: string
  code_verifier: string
  nonce: string
  /** CHECK (purpose IN ('login', 'link', 'invitation')). */
  purpose: 'login' | 'link' | 'invitation'
  user_id: string | null
  invitation_token: string | null
  personal_device: Generated<number>
  created_at: number
}

export interface UserPreferencesTable {
  user_id: string
  digest: Generated<number>
  updated_at: string
}

export interface OutboxTable {
  id: string
  created_at: string
  kind: string
  to_address: string
  subject: string
  text: string
  html: string
  situation_id: string | null
  link: string | null
}

export interface ServicesTable {
  id: string
  name: string
  /** CHECK (kind IN ('dac', 'mdph', 'msp', 'other')). */
  kind: ServiceKind
  created_at: string
}

export interface ServiceMembersTable {
  service_id: string
  user_id: string
  /** CHECK (role IN ('coordinator', 'intake')). */
  role: ServiceRole
  added_at: string
  removed_at: string | null
}

export interface PersonIdentityTable {
  situation_id: string
  data: string
  updated_at: string
  updated_by: string
}

export interface PilotRightsTable {
  user_id: string
  departement: string
  granted_at: string
  granted_by: string | null
}
