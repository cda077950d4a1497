/**
 * Values of the follow-up records that client and server agree on (issue 18):
 * an action owner's progress answer and each side's rating of a goal.
 */
export const PROGRESS_STATUSES = ['done', 'underWay', 'blocked'] as const
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number]

export const CO_EVALUATION_RATINGS = ['reached', 'partly', 'notReached'] as const
export type CoEvaluationRating = (typeof CO_EVALUATION_RATINGS)[number]
export type CoEvaluationSide = 'circle' | 'person'
