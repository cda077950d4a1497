import * as Y from 'yjs'
import { request } from '../api/http.ts'
import type { VersionDetail } from '../../shared/api/records.ts'
import type { Comparison, RestoredVersion } from '../../shared/api/versions.ts'

/** Compare and restore (docs/api.md, "Versions"); list, read and validate are in client/api/situations.ts. Wire types: shared/api/versions.ts. */

const base = (situationId: string) => `/api/situations/${encodeURIComponent(situationId)}/versions`

/** `to` is a version id or `current` (the live plan). */
export const compareVersions = (situationId: string, from: string, to: string): Promise<Comparison> =>
  request<Comparison>('GET', `${base(situationId)}/${encodeURIComponent(from)}/compare/${encodeURIComponent(to)}`)

export const restoreVersion = (situationId: string, versionId: string): Promise<RestoredVersion> =>
  request<RestoredVersion>('POST', `${base(situationId)}/${encodeURIComponent(versionId)}/restore`, {})

export const versionPdfUrl = (situationId: string, versionId: string): string => `${base(situationId)}/${encodeURIComponent(versionId)}/pdf`

const decode = (base64: string): Uint8Array => Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))

/** The Y.Docs of a version (plain, never connected): one per part the caller may read. */
export interface VersionDocs {
  plan: Y.Doc
  person: Y.Doc | null
  health: Y.Doc | null
  destroy(): void
}

export function versionDocs(version: VersionDetail): VersionDocs {
  const build = (part: string | undefined) => {
    if (!part) return null
    const doc = new Y.Doc()
    Y.applyUpdate(doc, decode(part))
    return doc
  }
  const plan = build(version.parts.plan) ?? new Y.Doc()
  const person = build(version.parts.person)
  const health = build(version.parts.health)
  return {
    plan,
    person,
    health,
    destroy() {
      for (const doc of [plan, person, health]) doc?.destroy()
    },
  }
}
