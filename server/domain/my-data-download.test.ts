import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../test/helpers/app.ts'
import type { PolicyContext } from '../auth/policy.ts'
import { DomainError } from './errors.ts'
import { downloadMyData, situationAccessLog } from './my-data-download.ts'
import { readRetentionYears } from './retention-policy.ts'

let app: Awaited<ReturnType<typeof createTestApp>>
const S = 'yanis'
const deps = () => ({ ...app, retentionYears: readRetentionYears({}) })
const as = async (userId: string): Promise<PolicyContext> => ({ situation: (await app.situations.situationById(S))!, member: await app.situations.memberOfUser(S, userId), sharingObjection: false })

beforeAll(async () => {
  app = await createTestApp()
})
afterAll(async () => app.dispose())

describe('the person’s downloads and access log', () => {
  it('audits each download once the file is made, JSON and PDF, under the downloader', async () => {
    const data = await downloadMyData(deps(), await as('user-yanis'), 'json', { userId: 'user-yanis', address: '10.0.0.2' })
    expect(data.situation.id).toBe(S)
    expect((await app.audit.forSituation(S, 1))[0]).toMatchObject({ action: 'mydata.json', userId: 'user-yanis', address: '10.0.0.2' })
    const pdf = await downloadMyData(deps(), await as('user-yanis'), 'pdf', { userId: 'user-yanis', address: '10.0.0.2' })
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-')
    expect((await app.audit.forSituation(S, 1))[0]).toMatchObject({ action: 'mydata.pdf', userId: 'user-yanis' })
  })

  it('refuses a relative or a professional (403) and audits no download for them', async () => {
    const before = (await app.audit.forSituation(S, 1))[0]!.id
    await expect(downloadMyData(deps(), await as('user-famille'), 'json', { userId: 'user-famille', address: '' })).rejects.toBeInstanceOf(DomainError)
    await expect(situationAccessLog(deps(), await as('user-social'))).rejects.toThrow(DomainError)
    expect((await app.audit.forSituation(S, 1))[0]!.id).toBe(before)
  })

  it('shows the person who read their file', async () => {
    expect(Array.isArray(await situationAccessLog(deps(), await as('user-yanis')))).toBe(true)
  })
})
