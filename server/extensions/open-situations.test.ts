import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createSituationRows, type SituationRow } from '../storage/situations.ts'
import { insertUser, TEST_ENGINES, type TestEngine } from '../storage/sql/test-engines.ts'
import type { LoadPayload, UnloadPayload } from '../sync/extension.ts'
import type { Part } from '../../shared/schema/roots.ts'
import { rememberOpenSituations, type OpenSituations } from './open-situations.ts'

const situation = (id: string, status: 'open' | 'closed' = 'open'): SituationRow => ({
  id,
  title: id,
  kind: 'pps',
  personName: '',
  status,
  reviewDate: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'u1',
  stage: 'preparation',
  level: null,
  territory: null,
  closedAt: null,
  closedReason: null,
})

const payload = (situationId: string, part: Part = 'plan'): LoadPayload & UnloadPayload => ({
  documentKey: { situationId, part },
  documentName: `${situationId}/${part}`,
  doc: new Y.Doc(),
})

describe.each(TEST_ENGINES)('the remembered open state on %s', (_engine, start) => {
  let engine: TestEngine
  let open: OpenSituations
  const load = (situationId: string, part?: Part) => open.extension.onLoadDocument!(payload(situationId, part))
  const unload = (situationId: string, part?: Part) => open.extension.beforeUnloadDocument!(payload(situationId, part))
  beforeAll(async () => {
    engine = await start()
    await insertUser(engine.sql, 'u1')
    open = rememberOpenSituations(createSituationRows(engine.sql))
  })
  afterAll(async () => engine?.close())

  it('answers from SQL read when a document of the situation loads, synchronously afterwards', async () => {
    await open.rows.insertSituation(situation('a'))
    await createSituationRows(engine.sql).insertSituation(situation('b', 'closed'))
    await load('a')
    await load('b')
    expect(open.isOpen('a')).toBe(true)
    expect(open.isOpen('b')).toBe(false)
  })

  it('follows a status written through its rows at once, and inside a transaction once it commits', async () => {
    await open.rows.setStatus('a', 'closed')
    expect(open.isOpen('a')).toBe(false)
    await open.rows.transaction(async (rows) => rows.setStatus('a', 'open'))
    expect(open.isOpen('a')).toBe(true)
    // A transaction that rolls back leaves the answer as SQL has it.
    await expect(
      open.rows.transaction(async (rows) => {
        await rows.setStatus('a', 'closed')
        throw new Error('refused')
      }),
    ).rejects.toThrow('refused')
    expect(open.isOpen('a')).toBe(true)
    expect((await open.rows.situationById('a'))?.status).toBe('open')
  })

  it('keeps the answer while one document of the situation is loaded, and reads SQL again after the last unloads', async () => {
    await load('a', 'person')
    await unload('a', 'plan')
    expect(open.isOpen('a')).toBe(true)
    await unload('a', 'person')
    // Written behind its back (another process): the next load reads it.
    await createSituationRows(engine.sql).setStatus('a', 'closed')
    await load('a')
    expect(open.isOpen('a')).toBe(false)
  })

  it('refuses rather than guesses for a situation no document loaded', () => {
    expect(open.isOpen('never-loaded')).toBe(false)
  })
})
