import { queryOptions } from '@tanstack/react-query'
import { request } from './http.ts'
import type { CoEvaluationBoard, CoEvaluationRating as Rating, ProgressRequest, ProgressStatus, SituationProgress, TodoItem } from '../../shared/api/follow-up.ts'

/**
 * The follow-up over HTTP (docs/api.md, "Follow-up"): À faire, reminders, progress checks, the
 * situation's stage and the co-evaluation. Read by the to-do pages, the easy-read pages and the plan
 * review panel (client/situation/ReviewPanel.tsx); the meetings and their easy-read minutes are in
 * meetings.ts.
 */

export type {
  CoEvaluationGoal,
  CoEvaluationRating as Rating,
  CoEvaluationSideView as CoEvaluationSide,
  ProgressRequest,
  ProgressStatus,
  SituationProgress,
  TodoItem,
  TodoKind,
} from '../../shared/api/follow-up.ts'

export const fetchTodo = (): Promise<TodoItem[]> => request<TodoItem[]>('GET', '/api/me/todo')
/** "À faire": the page and the header count read the same entry; every follow-up write invalidates it. */
export const todoQuery = queryOptions({ queryKey: ['me', 'todo'], queryFn: fetchTodo })
export const fetchReminders = (): Promise<{ digest: boolean }> => request('GET', '/api/me/reminders')
export const remindersQuery = queryOptions({ queryKey: ['me', 'reminders'], queryFn: fetchReminders })
export const saveReminders = (digest: boolean): Promise<{ digest: boolean }> => request('POST', '/api/me/reminders', { digest })
export const fetchProgressRequests = (): Promise<ProgressRequest[]> => request<ProgressRequest[]>('GET', '/api/me/progress-requests')
export const progressRequestsQuery = queryOptions({ queryKey: ['me', 'progress-requests'], queryFn: fetchProgressRequests })
export const answerProgress = (situationId: string, actionId: string, status: ProgressStatus, note: string): Promise<unknown> =>
  request('POST', `/api/situations/${situationId}/actions/${encodeURIComponent(actionId)}/progress`, { status, note })
export const fetchCoEvaluation = (situationId: string): Promise<CoEvaluationBoard> =>
  request('GET', `/api/situations/${situationId}/co-evaluations`)
export const rateGoal = (situationId: string, goalId: string, rating: Rating, comment: string): Promise<unknown> =>
  request('POST', `/api/situations/${situationId}/co-evaluations`, { goalId, rating, comment })

export const fetchSituationProgress = (situationId: string): Promise<SituationProgress> => request('GET', `/api/situations/${situationId}/progress`)
export const askProgress = (situationId: string): Promise<{ requests: { actionId: string }[]; unreachable: { actionId: string; title: string }[] }> =>
  request('POST', `/api/situations/${situationId}/progress-requests`, {})
export const fetchStage = (situationId: string): Promise<{ stage: string; reviewDate: string | null }> => request('GET', `/api/situations/${situationId}/stage`)
