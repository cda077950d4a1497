import type { TFunction } from 'i18next'
import type * as Y from 'yjs'
import { readActions, readGoals } from '../../shared/schema/plan.ts'
import { ASSESSMENT_DOMAINS } from '../../shared/schema/roots.ts'
import { rowHref, situationHref } from '../app/router.ts'

/**
 * Parts of the plan an agenda item can point to, spelled like presence
 * paths: `assessment/<domain>`, `goals/<id>`, `actions/<id>`, `unmet`, `person`.
 */
export interface TargetOption {
  value: string
  label: string
  group: 'assessment' | 'goals' | 'actions' | 'other'
}

/** `t` of the meeting namespace; `tc` of the shared catalog (domain names). */
export function targetOptions(doc: Y.Doc, t: TFunction, tc: TFunction): TargetOption[] {
  const untitled = tc('rows.untitled')
  return [
    ...ASSESSMENT_DOMAINS.map((domain) => ({ value: `assessment/${domain}`, label: t('target.assessment', { domain: tc(`domain.${domain}`) }), group: 'assessment' as const })),
    ...readGoals(doc)
      .filter((goal) => goal.deletedAt === null)
      .map((goal) => ({ value: `goals/${goal.id}`, label: t('target.goal', { title: goal.title || untitled }), group: 'goals' as const })),
    ...readActions(doc)
      .filter((action) => action.deletedAt === null)
      .map((action) => ({ value: `actions/${action.id}`, label: t('target.action', { title: action.title || untitled }), group: 'actions' as const })),
    { value: 'unmet', label: t('target.unmet'), group: 'other' },
    { value: 'person', label: t('target.person'), group: 'other' },
  ]
}

/** The words for a target, resolved against the live plan when there is one. */
export function describeTarget(target: string, doc: Y.Doc | null, t: TFunction, tc: TFunction): string {
  const [root, key] = target.split('/')
  if (root === 'person') return t('target.person')
  if (root === 'unmet') return t('target.unmet')
  if (root === 'assessment' && key) return t('target.assessment', { domain: tc(`domain.${key}`) })
  if ((root === 'goals' || root === 'actions') && key) {
    if (!doc) return t('target.unknown')
    const rows = root === 'goals' ? readGoals(doc) : readActions(doc)
    const row = rows.find((candidate) => candidate.id === key)
    if (!row) return t('target.unknown')
    return t(root === 'goals' ? 'target.goal' : 'target.action', { title: row.title || tc('rows.untitled') })
  }
  return target
}

/** Where a target is on the plan page (a row scrolls into view). */
export function targetHref(situationId: string, target: string): string {
  const [root, key] = target.split('/')
  if ((root === 'goals' || root === 'actions') && key) return rowHref(situationId, key)
  return situationHref(situationId)
}
