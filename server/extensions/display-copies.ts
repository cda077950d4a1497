import { copiesDiffer, expectedCopies, writeCopies, type DisplayCopyDeps } from '../domain/display-copies.ts'
import type { Extension } from '../sync/extension.ts'

/**
 * `commitment` and `meta.coordinatorId` are display copies in the plan that
 * any plan writer could overwrite; SQL is the authority. Rewritten at load,
 * before anyone joins (and after each record change, by the routes).
 */
export function displayCopiesExtension(deps: DisplayCopyDeps): Extension {
  return {
    name: 'display-copies',
    async afterLoadDocument({ documentKey: { situationId, part }, doc, applyServerChange }) {
      if (part !== 'plan') return
      const expected = await expectedCopies(deps, situationId)
      if (copiesDiffer(doc, expected)) await applyServerChange('display copies', (d) => writeCopies(d, expected))
    },
  }
}
