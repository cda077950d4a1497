import * as Y from 'yjs'
import { request } from '../api/http.ts'
import type { VersionDetail, VersionSummary } from '../api/types.ts'

/** Compare and restore (docs/api.md, "Versions"); list, read and validate are in client/api/situations.ts. */

export interface FieldChange {
  field: string
  before: string | null
  after: string | null
}

export interface RowChange {
  kind: 'goal' | 'action' | 'unmet'
  id: string
  title: string
  change: 'added' | 'removed' | 'restored' | 'changed'
  goalId?: string | null
  fields: FieldChange[]
}

export interface Comparison {
  rows: RowChange[]
  assessment: { domain: string; removed: string[]; added: string[] }[]
  meta: FieldChange[]
}

const base = (situationId: string) => `/api/situations/${encodeURIComponent(situationId)}/versions`

/** `to` is a version id or `current` (the live plan). */
export const compareVersions = (situationId: string, from: string, to: string): Promise<Comparison> =>
  request<Comparison>('GET', `${base(situationId)}/${encodeURIComponent(from)}/compare/${encodeURIComponent(to)}`)

export const restoreVersion = (situationId: string, versionId: string): Promise<VersionSummary & { restoredFrom: string }> =>
  request<VersionSummary & { restoredFrom: string }>('POST', `${base(situationId)}/${encodeURIComponent(versionId)}/restore`, {})

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
