import { useEffect, useMemo, useState, type FormEvent } from 'react'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import * as Plot from '@observablehq/plot'
import { PLAN_KINDS } from '../../shared/domain/roles.ts'
import type { Count, TerritoryDashboard } from '../../shared/domain/territory.ts'
import { ApiError, request } from '../api/http.ts'
import { Button, Notice, Spinner } from '../ui/primitives.tsx'
import { formatDate } from '../ui/dates.ts'
import { NAMESPACES } from '../i18n/catalog.ts'
import { Chart } from './Chart.tsx'
import { dashboardCsv, shown } from './csv.ts'
import { usePilotOf } from './pilot.ts'
import './observatory.css'

interface Filters {
  departement: string
  from: string
  to: string
  kind: string
  level: string
}


const queryOf = (filters: Filters): string => {
  const params = new URLSearchParams()
  for (const key of ['from', 'to', 'kind', 'level'] as const) if (filters[key]) params.set(key, filters[key])
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** "Observatoire du territoire": aggregates of one département for its pilots; never a name or a situation. */
export function ObservatoryPage() {
  const { t } = useTranslation(NAMESPACES.territory)
  const { t: tc } = useTranslation()
  const pilotOf = usePilotOf()
  const [draft, setDraft] = useState<Filters>({ departement: '', from: '', to: '', kind: '', level: '' })
  const [chosen, setApplied] = useState<Filters | null>(null)
  // Until the user applies filters, the first département the account pilots.
  const applied = chosen ?? (pilotOf && pilotOf.length > 0 ? { ...draft, departement: draft.departement || pilotOf[0]! } : null)
  const dashboard = useQuery({
    queryKey: ['territories', applied?.departement, 'dashboard', applied && queryOf(applied)],
    queryFn: () => request<TerritoryDashboard>('GET', `/api/territories/${encodeURIComponent(applied!.departement)}/dashboard${queryOf(applied!)}`),
    enabled: applied !== null,
  })

  useEffect(() => {
    document.title = `${t('observatory.title')} — ${tc('app.name')}`
  }, [t, tc])

  const kindLabel = (kind: string) => tc(`kind.${kind}`, { defaultValue: kind.toUpperCase() })
  const levelLabel = (level: string) => (level === 'none' ? t('observatory.levelNone') : t('observatory.levelN', { level }))
  const answerLabel = (answer: string) => t(`missing.${answer}`)

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    setApplied({ ...draft, departement: draft.departement || pilotOf?.[0] || '' })
  }
  const downloadCsv = (board: TerritoryDashboard) => {
    const blob = new Blob([dashboardCsv(board, { kind: kindLabel, level: levelLabel, answer: answerLabel })], { type: 'text/csv;charset=utf-8' })
    const url = URL.createObjectURL(blob)
    const link = document.createElement('a')
    link.href = url
    link.download = `observatoire-${board.departement}-${board.filters.from}-${board.filters.to}.csv`
    document.body.append(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }

  return (
    <main id="main" className="page observatory">
      <h1>{t('observatory.title')}</h1>
      <p className="muted">{t('observatory.intro')}</p>
      {pilotOf === null && <Spinner label={t('observatory.loading')} />}
      {pilotOf !== null && pilotOf.length === 0 && <Notice tone="warning">{t('observatory.forbidden')}</Notice>}
      {pilotOf !== null && pilotOf.length > 0 && (
        <form className="observatory-filters" onSubmit={onSubmit}>
          <div className="field">
            <label htmlFor="obs-departement">{t('observatory.departement')}</label>
            <select id="obs-departement" value={draft.departement || pilotOf[0]} onChange={(e) => setDraft({ ...draft, departement: e.target.value })}>
              {pilotOf.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="obs-from">{t('observatory.from')}</label>
            <input id="obs-from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="obs-to">{t('observatory.to')}</label>
            <input id="obs-to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="obs-kind">{t('observatory.kind')}</label>
            <select id="obs-kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
              <option value="">{t('observatory.all')}</option>
              {PLAN_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {kindLabel(kind)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="obs-level">{t('observatory.level')}</label>
            <select id="obs-level" value={draft.level} onChange={(e) => setDraft({ ...draft, level: e.target.value })}>
              <option value="">{t('observatory.all')}</option>
              {['1', '2', '3', '4'].map((level) => (
                <option key={level} value={level}>
                  {levelLabel(level)}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="primary">
            {t('observatory.apply')}
          </Button>
        </form>
      )}
      {applied && dashboard.isLoading && <Spinner label={t('observatory.loading')} />}
      {dashboard.isError && (
        <Notice tone="error">{dashboard.error instanceof ApiError && dashboard.error.status === 403 ? t('observatory.forbidden') : t('observatory.failed')}</Notice>
      )}
      {dashboard.data && !dashboard.isError && (
        <Dashboard board={dashboard.data} kindLabel={kindLabel} levelLabel={levelLabel} answerLabel={answerLabel} onCsv={() => downloadCsv(dashboard.data)} />
      )}
    </main>
  )
}

function CountCell({ count }: { count: Count }) {
  const { t } = useTranslation(NAMESPACES.territory)
  return <td className={count.suppressed ? 'num suppressed' : 'num'}>{count.suppressed ? t('observatory.suppressed') : count.value}</td>
}

function Dashboard({
  board,
  kindLabel,
  levelLabel,
  answerLabel,
  onCsv,
}: {
  board: TerritoryDashboard
  kindLabel: (kind: string) => string
  levelLabel: (level: string) => string
  answerLabel: (answer: string) => string
  onCsv: () => void
}) {
  const { t, i18n } = useTranslation(NAMESPACES.territory)
  const answers = Object.keys(board.needs[0]?.byMissingAnswer ?? {})
  const suppressedText = t('observatory.suppressed')

  // Charts draw the shown figures as bars and write "< 5" where a figure is hidden, never a guessed bar.
  const needsChart = useMemo<Plot.PlotOptions>(() => {
    const data = board.needs.map((need) => ({ label: `${need.code} ${shortLabel(need.label)}`, value: need.people.value, suppressed: need.people.suppressed }))
    return {
      marginLeft: 330,
      height: Math.max(120, data.length * 30 + 40),
      x: { label: t('observatory.needsPeople'), grid: true },
      y: { label: null, domain: data.map((d) => d.label) },
      marks: [
        Plot.barX(data.filter((d) => !d.suppressed), { x: 'value', y: 'label', fill: '#1f4f7a' }),
        Plot.text(data.filter((d) => !d.suppressed), { x: 'value', y: 'label', text: (d: { value: number }) => String(d.value), dx: 12, fill: '#1c2733' }),
        Plot.text(data.filter((d) => d.suppressed), { x: 0, y: 'label', text: () => suppressedText, textAnchor: 'start', dx: 4, fill: '#1c2733' }),
        Plot.ruleX([0]),
      ],
    }
  }, [board, t, suppressedText])

  const monthsChart = useMemo<Plot.PlotOptions>(() => {
    const data = board.months.flatMap((month) => [
      { month: month.month, series: t('observatory.ruptures'), value: month.ruptures.value, suppressed: month.ruptures.suppressed },
      { month: month.month, series: t('observatory.hospitalisations'), value: month.hospitalisations.value, suppressed: month.hospitalisations.suppressed },
    ])
    return {
      height: 260,
      marginBottom: 50,
      x: { label: null, axis: null },
      fx: { label: null, tickRotate: -30, domain: board.months.map((m) => m.month) },
      y: { label: null, grid: true },
      color: { legend: true, domain: [t('observatory.ruptures'), t('observatory.hospitalisations')], range: ['#a3322a', '#1f4f7a'] },
      marks: [
        Plot.barY(data.filter((d) => !d.suppressed), { fx: 'month', x: 'series', y: 'value', fill: 'series' }),
        Plot.text(data.filter((d) => d.suppressed), { fx: 'month', x: 'series', y: 0, text: () => suppressedText, dy: -8, fontSize: 9, fill: '#1c2733' }),
        Plot.ruleY([0]),
      ],
    }
  }, [board, t, suppressedText])

  const communesChart = useMemo<Plot.PlotOptions>(() => {
    const data = board.communes.map((c) => ({ name: c.name, value: c.activeSituations.value, suppressed: c.activeSituations.suppressed }))
    return {
      marginLeft: 180,
      height: Math.max(100, data.length * 28 + 40),
      x: { label: t('observatory.activeSituations'), grid: true },
      y: { label: null, domain: data.map((d) => d.name) },
      marks: [
        Plot.barX(data.filter((d) => !d.suppressed), { x: 'value', y: 'name', fill: '#2f7d6b' }),
        Plot.text(data.filter((d) => d.suppressed), { x: 0, y: 'name', text: () => suppressedText, textAnchor: 'start', dx: 4, fill: '#1c2733' }),
        Plot.ruleX([0]),
      ],
    }
  }, [board, t, suppressedText])

  // A day or an instant, as its day in Paris (the browser's own zone could shift it).
  const day = (value: string) => formatDate(value, i18n.language) ?? value
  return (
    <div className="observatory-board">
      <div className="observatory-head">
        <h2>
          {board.departement} — {board.departementName}
        </h2>
        <Button onClick={onCsv}>{t('observatory.csv')}</Button>
      </div>
      <p className="muted">{t('observatory.generated', { date: day(board.generatedAt), from: day(board.filters.from), to: day(board.filters.to) })}</p>

      <section className="observatory-section" aria-labelledby="obs-needs">
        <h3 id="obs-needs">{t('observatory.needsTitle')}</h3>
        <p>{t('observatory.peopleWithNeeds', { value: shown(board.peopleWithUnmetNeeds, suppressedText) })}</p>
        {board.needs.length === 0 ? (
          <p className="muted">{t('observatory.noData')}</p>
        ) : (
          // The needs table is wide (one column per kind of missing answer): below its chart, not beside.
          <div className="observatory-stack">
            <Chart options={needsChart} label={t('observatory.chartOf', { title: t('observatory.needsTitle') })} />
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t('observatory.needsTitle')}>
              <table>
                <caption>{t('observatory.needsTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('observatory.code')}</th>
                    <th scope="col">{t('observatory.need')}</th>
                    <th scope="col">{t('observatory.needsPeople')}</th>
                    <th scope="col">{t('observatory.needsMedian')}</th>
                    {answers.map((answer) => (
                      <th scope="col" key={answer}>
                        {answerLabel(answer)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {board.needs.map((need) => (
                    <tr key={need.code}>
                      <th scope="row">{need.code}</th>
                      <td>{need.label}</td>
                      <CountCell count={need.people} />
                      <td className="num">{need.medianDaysWithoutAnswer ?? '—'}</td>
                      {answers.map((answer) => (
                        <CountCell key={answer} count={need.byMissingAnswer[answer as keyof typeof need.byMissingAnswer]} />
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </section>

      <section className="observatory-section" aria-labelledby="obs-situations">
        <h3 id="obs-situations">{t('observatory.situationsTitle')}</h3>
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('observatory.situationsTitle')}>
          <table>
            <caption>{t('observatory.situationsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('observatory.kindRow')}</th>
                {board.situations.columns.map((column) => (
                  <th scope="col" key={column}>
                    {levelLabel(column)}
                  </th>
                ))}
                <th scope="col">{t('observatory.total')}</th>
              </tr>
            </thead>
            <tbody>
              {board.situations.rows.map((row, r) => (
                <tr key={row}>
                  <th scope="row">{kindLabel(row)}</th>
                  {board.situations.cells[r]!.map((cell, c) => (
                    <CountCell key={c} count={cell} />
                  ))}
                  <CountCell count={board.situations.rowTotals[r]!} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('observatory.total')}</th>
                {board.situations.columnTotals.map((cell, c) => (
                  <CountCell key={c} count={cell} />
                ))}
                <CountCell count={board.situations.total} />
              </tr>
            </tfoot>
          </table>
        </div>
        <p>{t('observatory.overdue', { value: shown(board.reviewsOverdue, suppressedText) })}</p>
      </section>

      <section className="observatory-section" aria-labelledby="obs-months">
        <h3 id="obs-months">{t('observatory.monthsTitle')}</h3>
        <div className="observatory-pair">
          <Chart options={monthsChart} label={t('observatory.chartOf', { title: t('observatory.monthsTitle') })} />
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('observatory.monthsTitle')}>
            <table>
              <caption>{t('observatory.monthsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('observatory.month')}</th>
                  <th scope="col">{t('observatory.ruptures')}</th>
                  <th scope="col">{t('observatory.hospitalisations')}</th>
                </tr>
              </thead>
              <tbody>
                {board.months.map((month) => (
                  <tr key={month.month}>
                    <th scope="row">{month.month}</th>
                    <CountCell count={month.ruptures} />
                    <CountCell count={month.hospitalisations} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </section>

      <section className="observatory-section" aria-labelledby="obs-communes">
        <h3 id="obs-communes">{t('observatory.communesTitle')}</h3>
        {board.communes.length === 0 ? (
          <p className="muted">{t('observatory.noData')}</p>
        ) : (
          <div className="observatory-pair">
            <Chart options={communesChart} label={t('observatory.chartOf', { title: t('observatory.communesTitle') })} />
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t('observatory.communesTitle')}>
              <table>
                <caption>{t('observatory.communesTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('observatory.commune')}</th>
                    <th scope="col">{t('observatory.activeSituations')}</th>
                    <th scope="col">{t('observatory.peopleWithUnmet')}</th>
                  </tr>
                </thead>
                <tbody>
                  {board.communes.map((commune) => (
                    <tr key={commune.code}>
                      <th scope="row">{commune.name}</th>
                      <CountCell count={commune.activeSituations} />
                      <CountCell count={commune.peopleWithUnmetNeeds} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </section>
    </div>
  )
}

/** The official labels are long ("Besoins en lien avec …"): the chart's axis drops the common start. */
const shortLabel = (label: string): string => {
  const short = label.replace(/^Besoins (en matière de |en lien avec |pour |relatifs à |transversaux en matière d’)?/, '')
  const text = short.charAt(0).toUpperCase() + short.slice(1)
  return text.length > 44 ? `${text.slice(0, 43)}…` : text
}
