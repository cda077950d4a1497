import { sql as raw } from 'kysely'
import type { SqlDb } from './sql/schema.ts'

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
 * this module: the needs rows carry a number per situation instead, which
 * the domain folds into counts before anything is answered.
 */
export function createTerritoryDashboardRows(sql: SqlDb) {
  // Situations active during the period: opened by its end, and open, or closed during it;
  // never one erased at the end of its retention period (it no longer exists for anyone).
  // `departement` is the generated column of migration 011 (not in the table's Kysely type: never written).
  const base = (query: DashboardQuery) =>
    sql
      .selectFrom('situations')
      .select(['id', 'kind', 'level', 'territory', 'review_date', 'status'])
      .where(raw<string>`departement`, '=', query.departement)
      .where('erased_at', 'is', null)
      .where('created_at', '<=', `${query.to}T23:59:59.999Z`)
      .where((eb) => eb.or([eb('status', '=', 'open'), eb.and([eb('closed_at', 'is not', null), eb('closed_at', '>=', query.from)])]))
      .$if(query.kind !== null, (qb) => qb.where('kind', '=', query.kind!))
      .$if(query.level !== null, (qb) => qb.where('level', '=', query.level!))
  return {
    /** One pass over the département's situations: counts by kind, level and commune, with the reviews overdue among them. */
    async situations(query: DashboardQuery): Promise<{ kind: string; level: number | null; territory: string; n: number; overdue: number }[]> {
      const rows = await sql
        .with('base', () => base(query))
        .selectFrom('base')
        .select((eb) => [
          'kind',
          'level',
          'territory',
          eb.fn.countAll().as('n'),
          eb.fn
            .sum(
              eb
                .case()
                .when(eb.and([eb('status', '=', 'open'), eb('review_date', 'is not', null), eb('review_date', '<', query.today)]))
                .then(eb.lit(1))
                .else(eb.lit(0))
                .end(),
            )
            .as('overdue'),
        ])
        .groupBy(['kind', 'level', 'territory'])
        .execute()
      // count and sum are 64-bit on PostgreSQL: a string or a number depending on the driver's parser.
      return rows.map((row) => ({ kind: row.kind, level: row.level === null ? null : Number(row.level), territory: row.territory ?? '', n: Number(row.n), overdue: Number(row.overdue) }))
    },
    /**
     * `[situation, territory, needCode, missingAnswer, missingSince]` per coded need of an unmet goal already
     * missing by the end of the period (~15,000 rows for 10,000 situations, folded into people counts by the
     * domain). The situation is a number given here per situation (cheaper to count distinct than the id, and
     * never an identifier that leaves).
     */
    async needs(query: DashboardQuery): Promise<[number, string, string, string | null, string][]> {
      const rows = await sql
        .with('base', () => base(query))
        .selectFrom('unmet_needs as n')
        .innerJoin('base as b', 'b.id', 'n.situation_id')
        .select(['b.id', 'b.territory', 'n.need_code', 'n.missing_answer', 'n.missing_since'])
        .where('n.missing_since', '<=', query.to)
        .execute()
      const numbers = new Map<string, number>()
      return rows.map((row) => {
        let situation = numbers.get(row.id)
        if (situation === undefined) numbers.set(row.id, (situation = numbers.size))
        return [situation, row.territory ?? '', row.need_code, row.missing_answer, row.missing_since]
      })
    },
    async events(query: DashboardQuery): Promise<{ month: string; kind: 'rupture' | 'hospitalisation'; n: number }[]> {
      const month = raw<string>`substr(e.date, 1, 7)`
      const rows = await sql
        .with('base', () => base(query))
        .selectFrom('timeline_events as e')
        .innerJoin('base as b', 'b.id', 'e.situation_id')
        .select((eb) => [month.as('month'), 'e.kind', eb.fn.countAll().as('n')])
        .where('e.kind', 'in', ['rupture', 'hospitalisation'])
        .where('e.date', '>=', query.from)
        .where('e.date', '<=', query.to)
        .groupBy([month, 'e.kind'])
        .execute()
      return rows.map((row) => ({ month: row.month, kind: row.kind as 'rupture' | 'hospitalisation', n: Number(row.n) }))
    },
  }
}
export type TerritoryDashboardRows = ReturnType<typeof createTerritoryDashboardRows>
