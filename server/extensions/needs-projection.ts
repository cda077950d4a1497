import * as Y from 'yjs'
import { dayInParis, todayInParis } from '../../shared/domain/dates.ts'
import { planRoots, readAssessmentNeeds, readUnmet } from '../../shared/schema/plan.ts'
import { ASSESSMENT_DOMAINS } from '../../shared/schema/roots.ts'
import type { TerritoryNeedRows, UnmetNeedRow } from '../storage/territory-needs.ts'
import type { Extension } from '../sync/extension.ts'
import type { DocumentKey } from '../../shared/protocol/document-key.ts'
import type { Logger } from '../log.ts'
import { planProjection } from './plan-projection.ts'

/**
 * Projects the SERAFIN-PH needs coded in each plan into SQL (the unmet
 * goals' `needCodes` with the kind of answer missing and since when, and the
 * needs listed in the assessment), debounced after changes and at load, so
 * the territory's dashboard counts from SQL and never loads a document.
 * Only `unmet` and `assessmentNeeds` changes mark a plan dirty: text typed in
 * a meeting costs nothing here.
 */
export function needsProjectionExtension({ rows, log, debounceMs = 300 }: { rows: TerritoryNeedRows; log: Logger; debounceMs?: number }): Extension & {
  projectNow(documentKey: DocumentKey, doc: Y.Doc): Promise<void>
} {
  return planProjection({
    name: 'needs-projection',
    log,
    debounceMs,
    watch: (doc, markDirty) => {
      const roots = planRoots(doc)
      roots.unmet.observeDeep(markDirty)
      roots.assessmentNeeds.observe(markDirty)
    },
    project: async (situationId, doc) => {
      const writtenAt = new Map<unknown, unknown>()
      for (const row of planRoots(doc).unmet) if (row instanceof Y.Map) writtenAt.set(row.get('id'), row.get('createdAt'))
      const unmet: UnmetNeedRow[] = readUnmet(doc)
        .filter((row) => row.deletedAt === null)
        .flatMap((row) =>
          row.needCodes.map((needCode) => ({
            rowId: row.id,
            needCode,
            missingAnswer: row.missingAnswer,
            // Without a date in the plan, the need has been without its answer since the unmet goal was written.
            missingSince: row.missingSince ?? dayOf(writtenAt.get(row.id) ?? row.updatedAt),
          })),
        )
      const coded = readAssessmentNeeds(doc)
      const assessment = ASSESSMENT_DOMAINS.flatMap((domain) => coded[domain].map((need) => ({ domain, needCode: need.code })))
      await rows.replace(situationId, unmet, assessment)
    },
  })
}

const dayOf = (instant: unknown): string =>
  (typeof instant === 'string' ? dayInParis(instant) : null) ?? todayInParis()
