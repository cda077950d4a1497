import type { Db } from './db.ts'
import { checksum } from './updates.ts'

export interface VersionRow {
  id: string
  situationId: string
  label: string
  createdAt: string
  createdBy: string
  meetingId: string | null
  /** The circle, coordinator and review date when it was made, as JSON (migration 009); null for older rows. */
  context?: string | null
}

/** Validated versions: immutable snapshot bytes per part, with who/when/why. */
export function createVersionRows(db: Db) {
  const insertVersion = db.prepare(
    'INSERT INTO versions (id, situation_id, label, created_at, created_by, meeting_id, context) VALUES (@id, @situationId, @label, @createdAt, @createdBy, @meetingId, @context)',
  )
  const insertPart = db.prepare('INSERT INTO version_parts (version_id, part, bytes, checksum) VALUES (?, ?, ?, ?)')
  const list = db.prepare(
    'SELECT id, situation_id AS situationId, label, created_at AS createdAt, created_by AS createdBy, meeting_id AS meetingId FROM versions WHERE situation_id = ? ORDER BY created_at DESC, rowid DESC',
  )
  const byId = db.prepare(
    'SELECT id, situation_id AS situationId, label, created_at AS createdAt, created_by AS createdBy, meeting_id AS meetingId, context FROM versions WHERE situation_id = ? AND id = ?',
  )
  const parts = db.prepare('SELECT part, bytes, checksum FROM version_parts WHERE version_id = ?')
  return {
    insert: db.transaction((row: VersionRow, states: Record<string, Uint8Array>) => {
      insertVersion.run({ ...row, context: row.context ?? null })
      for (const [part, bytes] of Object.entries(states)) insertPart.run(row.id, part, bytes, checksum(bytes))
    }),
    list: (situationId: string) => list.all(situationId) as VersionRow[],
    byId: (situationId: string, id: string) => byId.get(situationId, id) as VersionRow | undefined,
    parts: (versionId: string): Record<string, Uint8Array> => {
      const out: Record<string, Uint8Array> = {}
      for (const row of parts.all(versionId) as { part: string; bytes: Buffer; checksum: number }[]) {
        const bytes = new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength)
        if (checksum(bytes) !== row.checksum) throw new Error(`version ${versionId} part ${row.part} fails its checksum`)
        out[row.part] = bytes
      }
      return out
    },
  }
}
export type VersionRows = ReturnType<typeof createVersionRows>
