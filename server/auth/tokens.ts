import { sha256 } from '@oslojs/crypto/sha2'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { randomBytes } from 'node:crypto'

/**
 * `<id>.<secret>` tokens (sessions, invitations): the id finds the row, only
 * SHA-256(secret) is stored, and the secret is compared in constant time.
 */
export const randomId = (bytes = 15): string => encodeBase32LowerCaseNoPadding(randomBytes(bytes))

export const hashSecret = (secret: string): Uint8Array => sha256(new TextEncoder().encode(secret))

export function splitToken(token: string | null | undefined): { id: string; secret: string } | null {
  if (!token || token.length > 200) return null
  const parts = token.split('.')
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null
  return { id: parts[0], secret: parts[1] }
}

export const secretMatches = (secret: string, storedHash: Uint8Array): boolean =>
  constantTimeEqual(hashSecret(secret), new Uint8Array(storedHash))

export function newToken(): { id: string; secret: string; token: string; hash: Uint8Array } {
  const id = randomId()
  const secret = randomId(24)
  return { id, secret, token: `${id}.${secret}`, hash: hashSecret(secret) }
}
