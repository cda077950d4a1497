import { CoEvaluationCompare } from './CoEvaluationCompare.tsx'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { readGoals } from '../../shared/schema/plan.ts'
import { fetchVersion } from '../api/situations.ts'
import type { Member } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'
import { Badge, Button, Notice, Spinner } from '../ui/primitives.tsx'
import { compareVersions, versionDocs } from './api.ts'
import type { Comparison, FieldChange, RowChange } from '../../shared/api/versions.ts'
import { VERSIONS_NS } from './strings.ts'

export interface CompareTarget {
  id: string
  label: string
}

const CHANGE_TONE = { added: 'green', removed: 'red', restored: 'blue', changed: 'amber' } as const
const ROW_KINDS = ['goal', 'action', 'unmet'] as const

interface Lookups {
  members: readonly Member[]
  goals: Map<string, string>
}

/** A stored value in words: dates in French, statuses and codes with their labels, ids with names. */
function showValue(field: string, value: string | null, kind: RowChange['kind'] | 'meta', lookups: Lookups, t: TFunction, tc: TFunction, language: string): string {
  if (value === null || value === '') return t('compare.empty')
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, language, 'long') ?? value
  switch (field) {
    case 'status':
      return tc(kind === 'goal' ? `goalStatus.${value}` : `actionStatus.${value}`, { defaultValue: value })
    case 'domain':
      return tc(`domain.${value}`, { defaultValue: value })
    case 'sector':
      return tc(`sectorValue.${value}`, { defaultValue: value })
    case 'commitment':
      return tc(`commitment.${value}`, { defaultValue: value })
    case 'owner':
      return lookups.members.find((member) => member.id === value)?.name ?? value
    case 'goalId':
      return lookups.goals.get(value) ?? t('compare.otherGoal')
    case 'kind':
      return kind === 'meta' ? tc(`kind.short.${value}`, { defaultValue: value }) : value
    default:
      return value
  }
}

function FieldList({ fields, kind, lookups }: { fields: FieldChange[]; kind: RowChange['kind'] | 'meta'; lookups: Lookups }) {
  const { t, i18n } = useTranslation(VERSIONS_NS)
  const { t: tc } = useTranslation()
  return (
    <ul className="compare-fields">
      {fields.map((field) => (
        <li key={field.field} data-field={field.field}>
          <span className="compare-field-name">{t(`compare.field.${field.field}`, { defaultValue: field.field })} :</span>{' '}
          <del className="compare-before">{showValue(field.field, field.before, kind, lookups, t, tc, i18n.language)}</del>
          <span aria-hidden="true"> → </span>
          <span className="visually-hidden"> {t('compare.becomes')} </span>
          <ins className="compare-after">{showValue(field.field, field.after, kind, lookups, t, tc, i18n.language)}</ins>
        </li>
      ))}
    </ul>
  )
}

function RowList({ rows, lookups }: { rows: RowChange[]; lookups: Lookups }) {
  const { t } = useTranslation(VERSIONS_NS)
  const { t: tc } = useTranslation()
  return (
    <ul className="compare-rows">
      {rows.map((row) => (
        <li key={`${row.kind}-${row.id}`} className={`compare-row compare-${row.change}`} data-row-id={row.id} data-change={row.change}>
          <div className="compare-row-head">
            <Badge tone={CHANGE_TONE[row.change]}>{t(`compare.change.${row.change}`)}</Badge>
            <span className="compare-row-title">{row.title || tc('rows.untitled')}</span>
          </div>
          {row.kind === 'action' && row.goalId && lookups.goals.has(row.goalId) && row.change !== 'changed' && (
            <p className="muted small compare-under">{t('compare.underGoal', { title: lookups.goals.get(row.goalId) })}</p>
          )}
          {row.fields.length > 0 && <FieldList fields={row.fields} kind={row.kind} lookups={lookups} />}
        </li>
      ))}
    </ul>
  )
}

/** The comparison as a readable list: rows added, removed, restored, changed field by field; assessment lines per domain. */
export function ComparisonList({ comparison, lookups }: { comparison: Comparison; lookups: Lookups }) {
  const { t } = useTranslation(VERSIONS_NS)
  const { t: tc } = useTranslation()
  const count = comparison.rows.length + comparison.assessment.length + comparison.meta.length
  if (count === 0) return <p className="muted" data-testid="compare-none">{t('compare.none')}</p>
  return (
    <div className="comparison" data-testid="comparison">
      <p className="compare-summary">{t('compare.summary', { count })}</p>
      {comparison.meta.length > 0 && (
        <section className="compare-group">
          <h4>{t('compare.meta')}</h4>
          <FieldList fields={comparison.meta} kind="meta" lookups={lookups} />
        </section>
      )}
      {ROW_KINDS.map((kind) => {
        const rows = comparison.rows.filter((row) => row.kind === kind)
        if (rows.length === 0) return null
        return (
          <section key={kind} className="compare-group" data-kind={kind}>
            <h4>{t(`compare.rows.${kind}`)}</h4>
            <RowList rows={rows} lookups={lookups} />
          </section>
        )
      })}
      {comparison.assessment.length > 0 && (
        <section className="compare-group">
          <h4>{t('compare.assessment')}</h4>
          {comparison.assessment.map((change) => (
            <div key={change.domain} className="compare-domain" data-domain={change.domain}>
              <h5>{tc(`domain.${change.domain}`, { defaultValue: change.domain })}</h5>
              <ul className="compare-lines">
                {change.removed.map((line, index) => (
                  <li key={`r${index}`} className="line-removed">
                    <span className="visually-hidden">{t('compare.removedLines')} : </span>
                    <span aria-hidden="true">− </span>
                    <del>{line}</del>
                  </li>
                ))}
                {change.added.map((line, index) => (
                  <li key={`a${index}`} className="line-added">
                    <span className="visually-hidden">{t('compare.addedLines')} : </span>
                    <span aria-hidden="true">+ </span>
                    <ins>{line}</ins>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      )}
    </div>
  )
}

/** Goal titles of one version, to name the goal an action moved from or to. */
async function goalTitles(situationId: string, versionId: string): Promise<(readonly [string, string])[]> {
  const docs = versionDocs(await fetchVersion(situationId, versionId))
  try {
    return readGoals(docs.plan).map((goal) => [goal.id, goal.title] as const)
  } finally {
    docs.destroy()
  }
}

/** The comparison and the goal titles on both sides (a removed goal keeps its name). */
async function fetchComparison(situationId: string, from: string, to: string): Promise<{ comparison: Comparison; goals: Map<string, string> }> {
  const [comparison, before, after] = await Promise.all([compareVersions(situationId, from, to), goalTitles(situationId, from), to === 'current' ? Promise.resolve([]) : goalTitles(situationId, to)])
  const goals = new Map<string, string>([...before, ...after, ...comparison.rows.filter((row) => row.kind === 'goal').map((row) => [row.id, row.title] as const)])
  return { comparison, goals }
}

/** Fetches and shows what changed from one version to another version or to now. */
export function CompareView({ situationId, from, to, members, onClose }: { situationId: string; from: CompareTarget; to: CompareTarget | 'current'; members: readonly Member[]; onClose?: () => void }) {
  const { t } = useTranslation(VERSIONS_NS)
  const toId = to === 'current' ? 'current' : to.id
  const query = useQuery({
    queryKey: ['situations', situationId, 'versions', from.id, 'compare', toId],
    queryFn: () => fetchComparison(situationId, from.id, toId),
    // Two versions never change; "now" does: a comparison with it is read afresh each time it is opened.
    ...(toId === 'current' ? { staleTime: 0, gcTime: 0 } : {}),
  })
  const state = query.data ? { status: 'ready' as const, ...query.data } : { status: query.isError ? ('error' as const) : ('loading' as const) }

  return (
    <section className="compare-panel" aria-labelledby="compare-title" data-testid="compare-panel" data-from={from.id} data-to={toId}>
      <div className="section-title-row">
        <h3 id="compare-title">
          {t('compare.title')} : {t('compare.heading', { from: from.label, to: to === 'current' ? t('compare.now') : t('compare.version', { label: to.label }) })}
        </h3>
        {onClose && (
          <Button variant="ghost" className="btn-small" onClick={onClose}>
            {t('compare.close')}
          </Button>
        )}
      </div>
      {state.status === 'loading' && <Spinner label={t('compare.loading')} />}
      {state.status === 'error' && <Notice tone="error">{t('compare.failed')}</Notice>}
      {state.status === 'ready' && <ComparisonList comparison={state.comparison} lookups={{ members, goals: state.goals }} />}
      {state.status === 'ready' && <CoEvaluationCompare coEvaluation={state.comparison.coEvaluation} />}
    </section>
  )
}
