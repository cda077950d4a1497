import type { PlanKind } from '../../shared/domain/roles.ts'

/**
 * How long a closed situation is kept, per kind of service, counted from
 * its last activity (the closing: a closed situation is read-only).
 *
 * Defaults (years), to be set by each service's data protection officer:
 * - PPS (MSP, care part): 20 — the health record rule of the Code de la santé
 *   publique, art. R1112-7 (20 years from the last stay or consultation).
 * - PPCS (DAC) and PAG (MDPH): 20 — they carry the same health information
 *   (the `health` part) as the care team's records; the CNIL's référentiel
 *   « durées de conservation » for the social and medico-social sector
 *   (délibération n° 2023-095 du 14 septembre 2023) lets a service shorten
 *   it for social-only records, which is why each kind has its own variable.
 *
 * Environment: `RETENTION_YEARS_PPCS`, `RETENTION_YEARS_PAG`, `RETENTION_YEARS_PPS`
 * (a number of years, decimals allowed, `0` erases at the next run: tests only).
 */
export const DEFAULT_RETENTION_YEARS: Record<PlanKind, number> = { ppcs: 20, pag: 20, pps: 20 }

/**
 * Years per kind of plan, and for the requests that never became a situation
 * (redirected, or answered at level 1): `RETENTION_YEARS_REQUESTS`, by default
 * the PPCS period, since such a request holds the same identity and reasons
 * a DAC keeps in its record of the person.
 */
export type RetentionYears = Record<PlanKind, number> & { requests?: number }

export function readRetentionYears(env: Record<string, string | undefined> = process.env): RetentionYears {
  const read = (kind: PlanKind): number => {
    const raw = env[`RETENTION_YEARS_${kind.toUpperCase()}`]
    if (raw === undefined || raw.trim() === '') return DEFAULT_RETENTION_YEARS[kind]
    const value = Number(raw)
    if (!Number.isFinite(value) || value < 0) throw new Error(`RETENTION_YEARS_${kind.toUpperCase()} must be a number of years ≥ 0, got "${raw}"`)
    return value
  }
  const ppcs = read('ppcs')
  const rawRequests = env.RETENTION_YEARS_REQUESTS
  const requests = rawRequests === undefined || rawRequests.trim() === '' ? ppcs : Number(rawRequests)
  if (!Number.isFinite(requests) || requests < 0) throw new Error(`RETENTION_YEARS_REQUESTS must be a number of years ≥ 0, got "${rawRequests}"`)
  return { ppcs, pag: read('pag'), pps: read('pps'), requests }
}

const DAY_MS = 86_400_000

/** The day after which a closed situation is erased: last activity + the kind's years (calendar years, then days for a fraction). */
export function retainUntil(lastActivity: string, years: number): string {
  const date = new Date(lastActivity)
  const whole = Math.floor(years)
  date.setUTCFullYear(date.getUTCFullYear() + whole)
  return new Date(date.getTime() + Math.round((years - whole) * 365.25 * DAY_MS)).toISOString()
}

/** When a situation may be erased, or null while it is open (an open case is never erased). */
export const retentionDateOf = (
  situation: { kind: PlanKind; status: 'open' | 'closed'; closedAt: string | null },
  years: RetentionYears,
): string | null => (situation.status === 'closed' && situation.closedAt ? retainUntil(situation.closedAt, years[situation.kind]) : null)

/**
 * Archive before erasing (issue 15): when its retention date passes, a closed
 * situation is first archived (read-only, out of the lists, audited), and
 * erased only after this grace period, so a mistaken closing date or a legal
 * hold can still be caught by a person. `RETENTION_ARCHIVE_GRACE_DAYS`
 * (days, decimals allowed; `0` erases in the same run: tests only).
 */
export const DEFAULT_ARCHIVE_GRACE_DAYS = 30

export function readArchiveGraceDays(env: Record<string, string | undefined> = process.env): number {
  const raw = env.RETENTION_ARCHIVE_GRACE_DAYS
  if (raw === undefined || raw.trim() === '') return DEFAULT_ARCHIVE_GRACE_DAYS
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0) throw new Error(`RETENTION_ARCHIVE_GRACE_DAYS must be a number of days ≥ 0, got "${raw}"`)
  return value
}

/** The instant after which an archived situation is erased. */
export const eraseAfter = (archivedAt: string, graceDays: number): string => new Date(Date.parse(archivedAt) + Math.round(graceDays * DAY_MS)).toISOString()
