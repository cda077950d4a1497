import type * as fhir4 from 'fhir/r4'
import type { ConcertoApp } from '../../server/app.ts'

export const DEMO_SITUATIONS = ['monsieur-x', 'yanis', 'madame-b'] as const

export const jsonPost = (app: ConcertoApp['app'], path: string, body: unknown, cookie: string) =>
  app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: typeof body === 'string' ? body : JSON.stringify(body) })

/** The newest version of a situation, validating one first if it has none. */
export async function latestVersion(app: ConcertoApp['app'], situationId: string, cookie: string): Promise<string> {
  const list = (await (await app.request(`/api/situations/${situationId}/versions`, { headers: { cookie } })).json()) as { id: string }[]
  if (list[0]) return list[0].id
  const created = await jsonPost(app, `/api/situations/${situationId}/versions`, { label: 'Version de test' }, cookie)
  if (created.status !== 201) throw new Error(`version: ${created.status}`)
  return ((await created.json()) as { id: string }).id
}

export async function exportFhir(app: ConcertoApp['app'], situationId: string, versionId: string, cookie: string): Promise<fhir4.Bundle> {
  const response = await app.request(`/api/situations/${situationId}/versions/${versionId}/fhir`, { headers: { cookie } })
  if (response.status !== 200) throw new Error(`fhir export: ${response.status} ${await response.text()}`)
  if (!response.headers.get('content-type')?.startsWith('application/fhir+json')) throw new Error(`content type ${response.headers.get('content-type')}`)
  return (await response.json()) as fhir4.Bundle
}

export const resourcesOf = <T extends fhir4.FhirResource['resourceType']>(bundle: fhir4.Bundle, type: T) =>
  (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Extract<fhir4.FhirResource, { resourceType: T }> => r?.resourceType === type)

/** The bundle as text, without the PDF (whose base64 could contain anything). */
export const textOf = (bundle: fhir4.Bundle): string =>
  JSON.stringify(bundle, (key, value) => (key === 'data' ? undefined : value))
