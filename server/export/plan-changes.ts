/**
 * A change between two states of a plan, as the minutes and the compare view
 * present it. Computed by domain/compare.ts; a plain model the renderers take.
 */
export type RowKind = 'goal' | 'action' | 'unmet'

export interface FieldChange {
  field: string
  before: string | null
  after: string | null
}

export interface RowChange {
  kind: RowKind
  id: string
  title: string
  change: 'added' | 'removed' | 'restored' | 'changed'
  /** For actions: the goal it belongs to (after). */
  goalId?: string | null
  fields: FieldChange[]
}

