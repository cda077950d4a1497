import { nanoid } from 'nanoid'
import type { SituationStage } from '../../shared/domain/situation-fields.ts'
import { isPagClosureReason, closureReasonLabel, PAG_CLOSURE_REASONS } from '../../shared/domain/closure-reasons.ts'
import { latestReviewDate } from '../../shared/domain/review-date.ts'
import { todayInParis } from '../../shared/domain/dates.ts'
import type { AuditRows } from '../storage/audit.ts'
import type { RecordRows, TimelineRow } from '../storage/records.ts'
import type { SituationRow, SituationRows } from '../storage/situations.ts'
import type { VersionRow } from '../storage/versions.ts'
import type { FollowUpReads } from '../storage/follow-up-reads.ts'
import { DomainError } from './errors.ts'
import { setSituationStatus, type Actor, type MembershipDeps } from './memberships.ts'

/** What moves a plan from one stage to another. */
export type StageTrigger = 'versionValidated' | 'followUpStarted' | 'reviewDue' | 'lifeEvent' | 'handover' | 'closed' | 'reopened' | 'coordinator'

export interface StageRule {
  trigger: StageTrigger
  from: readonly SituationStage[]
  to: SituationStage
  /** Shown on the life line (French) when the rule fires. */
  why: string
}

const LIVE: readonly SituationStage[] = ['preparation', 'validated', 'followUp', 'toReview']
const FOLLOWED: readonly SituationStage[] = ['validated', 'followUp']

/**
 * The plan's life cycle, one row per allowed move; nothing else moves a
 * stage. preparation → validated → followUp → toReview → validated (a new
 * version) … or closed (with a reason; for a PAG, from the MDPH list).
 */
export const STAGE_RULES: readonly StageRule[] = [
  { trigger: 'versionValidated', from: LIVE, to: 'validated', why: 'Version du plan validée : accord de la personne et engagements des partenaires demandés' },
  { trigger: 'followUpStarted', from: ['validated'], to: 'followUp', why: 'Suivi du plan en cours' },
  { trigger: 'reviewDue', from: FOLLOWED, to: 'toReview', why: 'Date de révision atteinte' },
  { trigger: 'lifeEvent', from: FOLLOWED, to: 'toReview', why: 'Événement sur la ligne de vie' },
  { trigger: 'handover', from: FOLLOWED, to: 'toReview', why: 'Passage de relais de la coordination' },
  { trigger: 'coordinator', from: ['validated'], to: 'followUp', why: 'Suivi du plan lancé par la coordination' },
  { trigger: 'coordinator', from: FOLLOWED, to: 'toReview', why: 'Révision demandée par la coordination' },
  { trigger: 'closed', from: LIVE, to: 'closed', why: 'Situation close' },
  { trigger: 'reopened', from: ['closed'], to: 'toReview', why: 'Situation rouverte : le plan est à revoir' },
]

/** Life-line kinds that call for a review: hospital admission or discharge, a rupture, a coordinator handover. */
export const REVIEW_EVENT_KINDS: readonly string[] = ['hospitalisation', 'admission', 'discharge', 'rupture', 'handover']

/** The rule that moves `from` on `trigger` (to `to` when several could), or undefined. */
export function findStageRule(from: SituationStage, trigger: StageTrigger, to?: SituationStage): StageRule | undefined {
  return STAGE_RULES.find((rule) => rule.trigger === trigger && rule.from.includes(from) && (to === undefined || rule.to === to))
}

export interface StageDeps {
  situations: SituationRows
  records: RecordRows
  audit: AuditRows
}

export interface StageMove {
  from: SituationStage
  to: SituationStage
  trigger: StageTrigger
}

const SERVER_ACTOR: Actor = { userId: 'server', address: '' }

/** Writes a dated entry on the life line, as the server or as the actor. */
async function lifeLine(deps: StageDeps, situationId: string, title: string, detail: string, by: string, now: Date): Promise<TimelineRow> {
  // A stage entry belongs to the plan's story: it never repeats a clinical event's own words.
  const row: TimelineRow = { id: nanoid(12), situationId, date: todayInParis(now), kind: 'stage', title, detail, createdBy: by, createdAt: now.toISOString(), part: 'plan' }
  await deps.records.insertEvent(row)
  return row
}

/**
 * Moves a plan by the table, or does nothing when no rule applies (an
 * automatic trigger on a plan not concerned). Each move is audited and
 * written on the life line; a move to `toReview` is what puts the review in
 * the coordinator's "À faire".
 */
export async function applyStageTrigger(
  deps: StageDeps,
  situationId: string,
  trigger: StageTrigger,
  { actor = SERVER_ACTOR, detail = '', to, now = new Date() }: { actor?: Actor; detail?: string; to?: SituationStage; now?: Date } = {},
): Promise<StageMove | null> {
  const situation = await deps.situations.situationById(situationId)
  if (!situation) return null
  const rule = findStageRule(situation.stage, trigger, to)
  if (!rule || rule.to === situation.stage) return null
  await deps.situations.setStage(situationId, rule.to)
  await deps.audit.append({ situationId, userId: actor.userId, action: `stage.${rule.to}`, detail: { from: situation.stage, to: rule.to, trigger }, address: actor.address || null }, now)
  await lifeLine(deps, situationId, STAGE_TITLE[rule.to], detail ? `${rule.why} — ${detail}` : rule.why, actor.userId, now)
  return { from: situation.stage, to: rule.to, trigger }
}

const STAGE_TITLE: Record<SituationStage, string> = {
  preparation: 'Plan en préparation',
  validated: 'Plan validé',
  followUp: 'Plan en suivi',
  toReview: 'Plan à revoir',
  closed: 'Situation close',
}

/**
 * After a version is validated: the plan is `validated`; a PAG gets its
 * yearly review date (validation + 1 year, never later); a review date
 * already past puts the plan to review at once.
 */
export async function onVersionValidated(deps: StageDeps, version: Pick<VersionRow, 'situationId' | 'id' | 'createdAt' | 'createdBy'>, now = new Date()): Promise<void> {
  const situation = await deps.situations.situationById(version.situationId)
  if (!situation || situation.status === 'closed') return
  const validatedOn = todayInParis(new Date(version.createdAt))
  await applyStageTrigger(deps, situation.id, 'versionValidated', { detail: '', now: new Date(version.createdAt) })
  const limit = latestReviewDate(situation.kind, validatedOn)
  if (limit && (situation.reviewDate === null || situation.reviewDate > limit || situation.reviewDate < validatedOn)) {
    await deps.situations.setReviewDate(situation.id, limit)
    await deps.audit.append({ situationId: situation.id, userId: 'server', action: 'review.date', detail: { reviewDate: limit, rule: 'pag-yearly' } }, now)
  }
  await sweepSituation(deps, situation.id, now)
}

/** Refuses a PAG review date beyond one year after `validatedOn` (400, naming the field). */
export function checkReviewDate(situation: Pick<SituationRow, 'kind'>, reviewDate: string, validatedOn: string): void {
  const limit = latestReviewDate(situation.kind, validatedOn)
  if (limit && reviewDate > limit) throw new DomainError(400, `a PAG is reviewed at least once a year: review date ${limit} at the latest`, { field: 'reviewDate', latest: limit })
}

/** How a stage entry names the event that moved it (never the event's own title, which may be clinical). */
const EVENT_WORDS: Record<string, string> = {
  hospitalisation: 'hospitalisation ou sortie d’hôpital',
  admission: 'entrée à l’hôpital',
  discharge: 'sortie d’hôpital',
  rupture: 'rupture de parcours',
  handover: 'passage de relais',
}

/** A dated life-line event (admission, discharge, rupture, handover) puts a followed plan to review. */
export async function onLifeEvent(deps: StageDeps, event: Pick<TimelineRow, 'situationId' | 'kind'>, actor: Actor = SERVER_ACTOR, now = new Date()): Promise<StageMove | null> {
  if (!REVIEW_EVENT_KINDS.includes(event.kind)) return null
  return await applyStageTrigger(deps, event.situationId, event.kind === 'handover' ? 'handover' : 'lifeEvent', { actor, detail: EVENT_WORDS[event.kind] ?? '', now })
}

/** The hooks the circle's routes call (coordinator handover, closing with a reason). */
export interface FollowUpMemberHooks {
  onHandover?: (situationId: string, actor: Actor) => Promise<unknown>
  closeWithReason?: (situationId: string, reason: string | null, actor: Actor) => Promise<void>
}

/** A coordinator handover puts a followed plan to review with the new coordinator. */
export async function onHandover(deps: StageDeps, situationId: string, actor: Actor, now = new Date()): Promise<StageMove | null> {
  return await applyStageTrigger(deps, situationId, 'handover', { actor, now })
}

/**
 * The date rules of one situation, applied now: a followed plan whose review
 * date is reached (or a PAG without one, validated over a year ago) goes to
 * review; a validated plan the person agreed to is in follow-up.
 */
export async function sweepSituation(deps: StageDeps & { reads?: FollowUpReads }, situationId: string, now = new Date()): Promise<StageMove | null> {
  const situation = await deps.situations.situationById(situationId)
  if (!situation || situation.status === 'closed') return null
  const today = todayInParis(now)
  if (situation.reviewDate !== null && situation.reviewDate <= today) {
    return await applyStageTrigger(deps, situationId, 'reviewDue', { detail: `révision prévue le ${situation.reviewDate}`, now })
  }
  if (situation.stage === 'validated' && (await deps.reads?.latestVersionAgreed(situationId))) {
    return await applyStageTrigger(deps, situationId, 'followUpStarted', { detail: 'la personne a donné son accord', now })
  }
  return null
}

/** Every open situation through the date rules; returns the moves made. */
export async function sweepStages(deps: StageDeps & { reads: FollowUpReads }, now = new Date()): Promise<StageMove[]> {
  const moves: StageMove[] = []
  for (const id of await deps.reads.openSituationIds()) {
    const move = await sweepSituation(deps, id, now)
    if (move) moves.push(move)
  }
  return moves
}

/**
 * Closes a situation with a reason. A PAG needs one from the MDPH end
 * reasons (PAG_CLOSURE_REASONS); a PPCS or PPS may give a short text or none.
 */
export async function closeSituationWithReason(deps: StageDeps & MembershipDeps, situationId: string, reason: string | null, actor: Actor, now = new Date()): Promise<void> {
  const situation = await deps.situations.situationById(situationId)
  if (!situation) throw new DomainError(404, 'situation not found')
  if (situation.status === 'closed') throw new DomainError(409, 'situation already closed')
  const given = reason?.trim() || null
  if (situation.kind === 'pag' && !isPagClosureReason(given)) {
    throw new DomainError(400, `a PAG is closed with one of the end reasons: ${PAG_CLOSURE_REASONS.join(', ')}`, { field: 'reason', allowed: PAG_CLOSURE_REASONS })
  }
  const from = situation.stage
  await setSituationStatus(deps, situationId, 'closed', actor, given, now)
  await lifeLine(deps, situationId, STAGE_TITLE.closed, given ? `Motif : ${closureReasonLabel(given)}` : 'Sans motif indiqué', actor.userId, now)
  await deps.audit.append({ situationId, userId: actor.userId, action: 'stage.closed', detail: { from, to: 'closed', trigger: 'closed' }, address: actor.address || null }, now)
}
