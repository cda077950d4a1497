import { parseDocumentName, type DocumentKey } from '../../shared/protocol/document-key.ts'

/**
 * A test's document name (`<situationId>/<part>`) as the key the store takes.
 * @example store.load(keyOf('monsieur-x/plan'))
 */
export function keyOf(name: string): DocumentKey {
  const key = parseDocumentName(name)
  if (!key) throw new Error(`not a document name: ${JSON.stringify(name)}`)
  return key
}
