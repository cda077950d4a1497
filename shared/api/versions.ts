import type { CoEvaluationGoal } from './follow-up.ts'
import type { VersionSummary } from './records.ts'

/**
 * Comparing and restoring versions over HTTP (docs/api.md, "Versions"), as the
 * server answers them and the client reads them. The server's `comparePlans`
 * is typed with `PlanComparison`. Listing, reading and validating versions
 * are in records.ts.
 */

/** One field of a row or of the plan's metadata, before and after (dates as `YYYY-MM-DD`, ids as ids). */
export interface FieldChange {
  field: string
  before: string | null
  after: string | null
}

export type ChangedRowKind = 'goal' | 'action' | 'unmet'

export interface RowChange {
  kind: ChangedRowKind
  id: string
  title: string
  change: 'added' | 'removed' | 'restored' | 'changed'
  /** For actions: the goal it belongs to (after). */
  goalId?: string | null
  fields: FieldChange[]
}

/** The lines of one assessment domain removed and added (a line-level diff of its text). */
export interface AssessmentChange {
  domain: string
  removed: string[]
  added: string[]
}

/** What changed in the plan between two states. */
export interface PlanComparison {
  rows: RowChange[]
  assessment: AssessmentChange[]
  meta: FieldChange[]
}

/** `GET …/versions/:from/compare/:to` (`to` a version id or `current`). */
export interface Comparison extends PlanComparison {
  from: string
  to: string
  /** Each goal's co-evaluation at both ends, when the follow-up is kept. */
  coEvaluation?: { from: CoEvaluationGoal[]; to: CoEvaluationGoal[] }
}

/** `POST …/versions/:id/restore`: the new version holding the restored plan. */
export type RestoredVersion = Omit<VersionSummary, 'agreement'> & { restoredFrom: string }
