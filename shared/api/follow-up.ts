import type { CoEvaluationRating, ProgressStatus } from '../domain/follow-up.ts'

/**
 * The follow-up's wire types (docs/api.md, "Follow-up"): "À faire", progress
 * checks, co-evaluation and the easy-read minutes. Declared once here;
 * server/http/follow-up.ts and its use cases answer with them.
 */

export type { CoEvaluationRating, ProgressStatus }

export type TodoKind = 'review' | 'action' | 'progress' | 'agreement' | 'commitment' | 'invitation' | 'request'

/** `GET /api/me/todo`: one thing waiting for me. Titles only, never health text. */
export interface TodoItem {
  kind: TodoKind
  situationId: string | null
  situationTitle: string
  title: string
  dueDate: string
  href: string
}

/** `GET /api/me/progress-requests`: a progress check ("point d'étape") waiting for my answer. */
export interface ProgressRequest {
  id: string
  situationId: string
  situationTitle: string
  actionId: string
  actionTitle: string
  message: string
  requestedAt: string
}

/** `GET /api/situations/:id/progress`: the latest answer per action and the checks still open. */
export interface SituationProgress {
  answers: { actionId: string; actionTitle: string; status: ProgressStatus; note: string; by: string; byName: string; at: string }[]
  open: { id: string; actionId: string; actionTitle: string; owner: string; ownerName: string; requestedAt: string }[]
}

/** One side's rating of a goal. */
export interface CoEvaluationSideView {
  rating: CoEvaluationRating
  comment: string
  by: string
  byName: string
  at: string
}

/** Both views of one goal, side by side. */
export interface CoEvaluationGoal {
  goalId: string
  title: string
  circle: CoEvaluationSideView | null
  person: CoEvaluationSideView | null
}

/** `GET /api/situations/:id/co-evaluations`: which side the reader rates for (none for a reader of neither), and every goal. */
export interface CoEvaluationBoard {
  side: 'person' | 'circle' | null
  goals: CoEvaluationGoal[]
}

/** `GET /api/situations/:id/meetings/:meetingId/easy`: the minutes in plain words. */
export interface EasyMinutes {
  meetingId: string
  kind: string
  date: string
  personName: string
  decisions: { text: string; who: string }[]
  newGoals: string[]
  actions: { title: string; who: string; whoProfession: string; dueDate: string | null; frequency: string | null; status: string }[]
  coEvaluation: CoEvaluationGoal[]
  nextMeeting: string | null
  reviewDate: string | null
  attended: string[]
}
