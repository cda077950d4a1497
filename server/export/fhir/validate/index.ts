import type * as fhir4 from 'fhir/r4'
import { checkBundleShape } from './bundle-shape.ts'
import { checkRules } from './rules.ts'
import { checkSchema } from './schema.ts'
import { checkStructure } from './structure.ts'
import type { FhirProblem } from './problem.ts'

export type { FhirProblem } from './problem.ts'
export { describeProblem } from './problem.ts'

/**
 * Every validator on one bundle, in order: the transaction's shape and
 * references, the R4 JSON schema (codes, unknown properties), Medplum's
 * structure and invariants, then the TDDUI/CDS FHIRPath rule pack. The
 * three heavy ones load on first use. An empty list means valid.
 */
export async function validateBundle(bundle: unknown): Promise<FhirProblem[]> {
  const shape = checkBundleShape(bundle)
  if (shape.some((p) => p.path === 'Bundle' || p.path === 'Bundle.entry')) return shape
  const b = bundle as fhir4.Bundle
  const [schema, structure, rules] = [await checkSchema(b), await checkStructure(b), await checkRules(b)]
  return [...shape, ...schema, ...structure, ...rules]
}
