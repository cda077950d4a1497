import { describe, expect, it } from 'vitest'
import { parseDocumentName, toDocumentName } from './document-key.ts'
import { PARTS } from '../schema/roots.ts'

describe('document names', () => {
  it('turn every key into its name and back', () => {
    for (const part of PARTS) {
      const key = { situationId: 'madame-b_2', part }
      expect(toDocumentName(key)).toBe(`madame-b_2/${part}`)
      expect(parseDocumentName(toDocumentName(key))).toEqual(key)
    }
  })

  it('refuse names that are not exactly a situation id and a part', () => {
    for (const name of ['', 'plan', '/plan', 'abc/', 'abc/notes', 'abc/plan/x', 'a b/plan', '../plan', `${'x'.repeat(65)}/plan`]) {
      expect(parseDocumentName(name), name).toBeNull()
    }
  })
})
