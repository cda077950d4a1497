import type { SqlDb } from './sql/schema.ts'
import { nextSeq } from './insertion-order.ts'
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

const COLUMNS = ['id', 'situation_id as situationId', 'label', 'created_at as createdAt', 'created_by as createdBy', 'meeting_id as meetingId'] as const

/**
 * Validated versions: immutable snapshot bytes per part, with who/when/why.
 * Asynchronous on both engines (docs/decisions/018).
 * @example const rows = createVersionRows(sql); await rows.insert(row, { plan: bytes })
 */
export function createVersionRows(sql: SqlDb) {
  return {
    /** The version and all its parts, or nothing: one transaction. */
    async insert(row: VersionRow, states: Record<string, Uint8Array>): Promise<void> {
      // Checksums are computed before the transaction: its body awaits only its own queries (SQLite shares one connection).
      const parts = Object.entries(states).map(([part, bytes]) => ({ version_id: row.id, part, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), checksum: checksum(bytes) }))
      await sql.transaction().execute(async (trx) => {
        await trx
          .insertInto('versions')
          .values({ id: row.id, situation_id: row.situationId, label: row.label, created_at: row.createdAt, created_by: row.createdBy, meeting_id: row.meetingId, context: row.context ?? null, seq: nextSeq('versions', row.situationId) })
          .execute()
        if (parts.length > 0) await trx.insertInto('version_parts').values(parts).execute()
      })
    },
    /** Newest first; of two made in the same millisecond, the later one first. */
    async list(situationId: string): Promise<VersionRow[]> {
      return sql.selectFrom('versions').select(COLUMNS).where('situation_id', '=', situationId).orderBy('created_at', 'desc').orderBy('seq', 'desc').execute()
    },
    async byId(situationId: string, id: string): Promise<VersionRow | undefined> {
      return sql.selectFrom('versions').select([...COLUMNS, 'context']).where('situation_id', '=', situationId).where('id', '=', id).executeTakeFirst()
    },
    /** Every part's bytes, each checked against the checksum written with it. */
    async parts(versionId: string): Promise<Record<string, Uint8Array>> {
      const rows = await sql.selectFrom('version_parts').select(['part', 'bytes', 'checksum']).where('version_id', '=', versionId).execute()
      const out: Record<string, Uint8Array> = {}
      for (const row of rows) {
        const bytes = new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength)
        if (checksum(bytes) !== Number(row.checksum)) throw new Error(`version ${versionId} part ${row.part} fails its checksum`)
        out[row.part] = bytes
      }
      return out
    },
  }
}
export type VersionRows = ReturnType<typeof createVersionRows>
