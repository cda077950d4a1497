import type { Db } from './db.ts'

export interface DashboardQuery {
  departement: string
  /** First day of the period, YYYY-MM-DD. */
  from: string
  /** Last day of the period, YYYY-MM-DD. */
  to: string
  kind: string | null
  level: number | null
  /** Today, YYYY-MM-DD (reviews overdue are before it). */
  today: string
}

/**
 * Grouped counts for one département's dashboard, straight from SQL: the
 * situations table (its `departement` column is indexed) and the needs
 * projection. No name, no title, no document: only codes, counts and the
 * INSEE commune codes needed to group by commune. Situation ids never leave
 * this module except inside the needs rows, which the domain folds into
 * counts before anything is answered.
 */
export function createTerritoryDashboardRows(db: Db) {
  // Situations active during the period: opened by its end, and open, or closed during it;
  // never one erased at the end of its retention period (it no longer exists for anyone).
  const base = `WITH base AS (
      SELECT id, rowid AS rid, kind, level, territory, review_date, status FROM situations
       WHERE departement = @departement
         AND erased_at IS NULL
         AND created_at <= @toEnd
         AND (status = 'open' OR (closed_at IS NOT NULL AND closed_at >= @from))
         AND (@kind IS NULL OR kind = @kind)
         AND (@level IS NULL OR level = @level))`
  // One pass over the département's situations: counts by kind, level and commune, with the reviews overdue among them.
  const situations = db.prepare(
    `${base} SELECT kind, level, territory, count(*) AS n,
                    sum(status = 'open' AND review_date IS NOT NULL AND review_date < @today) AS overdue
               FROM base GROUP BY kind, level, territory`,
  )
  // One row per coded need of an unmet goal already missing by the end of the period, as arrays (raw mode: ~15,000 rows for 10,000 situations,
  // folded into people counts by the domain; building an object per row costs more than the query).
  const needs = db
    .prepare(
      `${base} SELECT b.rid, b.territory, n.need_code, n.missing_answer, n.missing_since
                 FROM unmet_needs n JOIN base b ON b.id = n.situation_id
                WHERE n.missing_since <= @to`,
    )
    .raw(true)
  const events = db.prepare(
    `${base} SELECT substr(e.date, 1, 7) AS month, e.kind AS kind, count(*) AS n
               FROM timeline_events e JOIN base b ON b.id = e.situation_id
              WHERE e.kind IN ('rupture', 'hospitalisation') AND e.date >= @from AND e.date <= @to
              GROUP BY month, e.kind`,
  )
  const params = (query: DashboardQuery) => ({ ...query, toEnd: `${query.to}T23:59:59.999Z` })
  return {
    situations: (query: DashboardQuery) =>
      situations.all(params(query)) as { kind: string; level: number | null; territory: string; n: number; overdue: number }[],
    /**
     * `[situation, territory, needCode, missingAnswer, missingSince]` per coded need; the situation is its
     * row number (an integer: cheaper to count distinct than the id, and never an identifier that leaves).
     */
    needs: (query: DashboardQuery) => needs.all(params(query)) as [number, string, string, string | null, string][],
    events: (query: DashboardQuery) => events.all(params(query)) as { month: string; kind: 'rupture' | 'hospitalisation'; n: number }[],
  }
}
export type TerritoryDashboardRows = ReturnType<typeof createTerritoryDashboardRows>
