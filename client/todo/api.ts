import { queryOptions } from '@tanstack/react-query'
import { request } from '../api/http.ts'

/** The follow-up over HTTP (docs/api.md, "Follow-up"): À faire, reminders, progress checks, co-evaluation, easy-read minutes. */

export type TodoKind = 'review' | 'action' | 'progress' | 'agreement' | 'commitment' | 'invitation' | 'request'
export interface TodoItem {
  kind: TodoKind
  situationId: string | null
  situationTitle: string
  title: string
  dueDate: string
  href: string
}
export type ProgressStatus = 'done' | 'underWay' | 'blocked'
export interface ProgressRequest {
  id: string
  situationId: string
  situationTitle: string
  actionId: string
  actionTitle: string
  message: string
  requestedAt: string
}
export type Rating = 'reached' | 'partly' | 'notReached'
export interface CoEvaluationSide {
  rating: Rating
  comment: string
  by: string
  byName: string
  at: string
}
export interface CoEvaluationGoal {
  goalId: string
  title: string
  circle: CoEvaluationSide | null
  person: CoEvaluationSide | null
}
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
export const fetchCoEvaluation = (situationId: string): Promise<{ side: 'person' | 'circle' | null; goals: CoEvaluationGoal[] }> =>
  request('GET', `/api/situations/${situationId}/co-evaluations`)
export const rateGoal = (situationId: string, goalId: string, rating: Rating, comment: string): Promise<unknown> =>
  request('POST', `/api/situations/${situationId}/co-evaluations`, { goalId, rating, comment })
export const fetchEasyMinutes = (situationId: string, meetingId: string): Promise<EasyMinutes> =>
  request<EasyMinutes>('GET', `/api/situations/${situationId}/meetings/${meetingId}/easy`)
export const fetchMeetings = (situationId: string): Promise<{ id: string; startsAt: string; status: string; publishedAt: string | null }[]> =>
  request('GET', `/api/situations/${situationId}/meetings`)

export interface SituationProgress {
  answers: { actionId: string; actionTitle: string; status: ProgressStatus; note: string; by: string; byName: string; at: string }[]
  open: { id: string; actionId: string; actionTitle: string; owner: string; ownerName: string; requestedAt: string }[]
}
export const fetchSituationProgress = (situationId: string): Promise<SituationProgress> => request('GET', `/api/situations/${situationId}/progress`)
export const askProgress = (situationId: string): Promise<{ requests: { actionId: string }[]; unreachable: { actionId: string; title: string }[] }> =>
  request('POST', `/api/situations/${situationId}/progress-requests`, {})
export const fetchStage = (situationId: string): Promise<{ stage: string; reviewDate: string | null }> => request('GET', `/api/situations/${situationId}/stage`)
