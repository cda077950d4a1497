import { CloseCode } from './close-codes.ts'
import { OVER_BUDGET_REASON } from './limits.ts'

/**
 * How a refused write is explained. The server closes the sender with
 * `4403` or `4422` and a close reason `<rule>: <detail>` (rule names in
 * server/rules/table.ts), or `over budget: <detail>` for size budgets; the
 * client turns code and reason into one of these kinds, each with its own
 * sentence in the i18n catalogs (`connection.closed.<kind>`).
 */
export type RefusalKind = 'tooLarge' | 'closedSituation' | 'notYours' | 'invalidValue' | 'forbidden' | 'rejected'

/** Rules whose refusal means "this belongs to someone else or must stay" (the document rules of DESIGN 5b). */
const NOT_YOURS = [
  'rows-are-tombstoned',
  'row-identity-stays',
  'nested-types-stay',
  'fixed-fragments-stay',
  'views-by-person',
  'relative-views-own-key',
  'authored-text-stays',
  'by-names-writer',
  'coded-needs-stay',
]
const INVALID_VALUE = ['calendar-dates', 'enumerations', 'timestamps', 'views-are-plain-objects', 'coded-needs-well-formed']

/** @example refusalKind(4422, 'over budget: update of 5242880 bytes') // 'tooLarge' */
export function refusalKind(code: number, reason: string): RefusalKind | null {
  const rule = reason.split(':', 1)[0]!.trim()
  if (code === CloseCode.updateRejected) {
    if (rule === OVER_BUDGET_REASON) return 'tooLarge'
    if (INVALID_VALUE.includes(rule)) return 'invalidValue'
    return 'rejected'
  }
  if (code === CloseCode.forbidden) {
    if (rule === 'closed-situation-read-only') return 'closedSituation'
    if (NOT_YOURS.includes(rule)) return 'notYours'
    return 'forbidden'
  }
  return null
}
