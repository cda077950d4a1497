import { describe, expect, it } from 'vitest'
import type { AuditRows } from '../storage/audit.ts'
import type { RetentionRows } from '../storage/retention.ts'
import type { LiveDocuments } from './live-documents.ts'
import { DEFAULT_RETENTION_YEARS } from './retention-policy.ts'
import { runRetention, ServedElsewhere, type RetentionDeps } from './retention.ts'

/** One closed situation archived long ago, due for erasure; what the run did is recorded in `calls`. */
const depsWith = (eraseDocuments: (situationId: string) => Promise<Record<string, number>>) => {
  const calls: string[] = []
  const retention = {
    reopenedArchived: async () => [],
    closedNotErased: async () => [{ id: 's1', kind: 'pps', status: 'closed', closedAt: '2000-01-01T00:00:00.000Z', archivedAt: '2030-01-01T00:00:00.000Z' }],
    archive: async () => true,
    unarchive: async () => true,
    erase: async (situationId: string) => {
      calls.push(`rows ${situationId}`)
      return { members: 2 }
    },
    decidedRequests: async () => [],
    removeRequest: async () => true,
  } as unknown as RetentionRows
  const audit = { append: (event: { action: string; detail?: unknown }) => calls.push(`audit ${event.action} ${JSON.stringify(event.detail)}`) } as unknown as AuditRows
  const rooms = { loadedNames: () => [], closeWhere: () => 0 } as unknown as LiveDocuments
  const deps: RetentionDeps = {
    retention,
    audit,
    rooms,
    years: DEFAULT_RETENTION_YEARS,
    documents: {
      eraseSituation: async (situationId) => {
        calls.push(`documents ${situationId}`)
        return eraseDocuments(situationId)
      },
    },
  }
  return { deps, calls }
}

describe('one retention run', () => {
  it('erases the documents first, then the rows, and audits both counts', async () => {
    const { deps, calls } = depsWith(async () => ({ doc_updates: 3 }))
    const run = await runRetention(deps, new Date('2060-01-01T00:00:00.000Z'))
    expect(run.erased).toEqual(['s1'])
    expect(calls.slice(0, 2)).toEqual(['documents s1', 'rows s1'])
    expect(calls[2]).toContain('"erased":{"members":2,"doc_updates":3}')
  })

  it('leaves a situation served by another node to the next run, its rows untouched', async () => {
    const { deps, calls } = depsWith(async () => {
      throw new ServedElsewhere('served elsewhere')
    })
    const run = await runRetention(deps, new Date('2060-01-01T00:00:00.000Z'))
    expect(run).toMatchObject({ erased: [], deferred: ['s1'] })
    expect(calls).toEqual(['documents s1'])
  })

  it('fails the run on any other error, so nothing is marked erased', async () => {
    const { deps, calls } = depsWith(async () => {
      throw new Error('connection refused')
    })
    await expect(runRetention(deps, new Date('2060-01-01T00:00:00.000Z'))).rejects.toThrow('connection refused')
    expect(calls).toEqual(['documents s1'])
  })
})
