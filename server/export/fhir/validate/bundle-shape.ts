import type * as fhir4 from 'fhir/r4'
import type { FhirProblem } from './problem.ts'

const URN_UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * What no schema or profile says about a transaction of new resources:
 * each entry is a POST of its resource type under a unique `urn:uuid:`
 * fullUrl, and every reference inside points to one of those entries (a
 * transaction that creates everything cannot refer to anything else).
 * Logical references (`identifier` without `reference`, e.g. `replaces`)
 * and display-only references are allowed.
 */
export function checkBundleShape(bundle: unknown): FhirProblem[] {
  const problems: FhirProblem[] = []
  const problem = (path: string, message: string) => problems.push({ validator: 'bundle', path, message })
  if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) return [{ validator: 'bundle', path: 'Bundle', message: 'not a JSON object' }]
  const b = bundle as Partial<fhir4.Bundle>
  if (b.resourceType !== 'Bundle') problem('Bundle.resourceType', 'expected "Bundle"')
  if (b.type !== 'transaction') problem('Bundle.type', 'expected "transaction"')
  if (!Array.isArray(b.entry) || b.entry.length === 0) {
    problem('Bundle.entry', 'a transaction needs entries')
    return problems
  }
  const fullUrls = new Set<string>()
  b.entry.forEach((entry, index) => {
    const at = `Bundle.entry[${index}]`
    if (typeof entry?.fullUrl !== 'string' || !URN_UUID.test(entry.fullUrl)) problem(`${at}.fullUrl`, 'expected a urn:uuid: fullUrl')
    else if (fullUrls.has(entry.fullUrl)) problem(`${at}.fullUrl`, `duplicate fullUrl ${entry.fullUrl}`)
    else fullUrls.add(entry.fullUrl)
    const type = entry?.resource?.resourceType
    if (typeof type !== 'string') problem(`${at}.resource`, 'missing resource')
    if (entry?.request?.method !== 'POST') problem(`${at}.request.method`, 'expected POST')
    if (entry?.request?.url !== type) problem(`${at}.request.url`, `expected "${String(type)}"`)
  })
  b.entry.forEach((entry, index) => {
    walkReferences(entry?.resource, `Bundle.entry[${index}].resource`, (path, reference) => {
      if (!fullUrls.has(reference)) problem(path, `broken reference ${reference}: no entry has this fullUrl`)
    })
  })
  return problems
}

function walkReferences(value: unknown, path: string, visit: (path: string, reference: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => walkReferences(item, `${path}[${index}]`, visit))
    return
  }
  if (typeof value !== 'object' || value === null) return
  for (const [key, child] of Object.entries(value)) {
    if (key === 'reference' && typeof child === 'string') visit(`${path}.reference`, child)
    else if (key !== 'data') walkReferences(child, `${path}.${key}`, visit)
  }
}
