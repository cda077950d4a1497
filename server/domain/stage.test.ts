import { describe, expect, it } from 'vitest'
import { SITUATION_STAGES } from '../../shared/domain/situation-fields.ts'
import { addOneYear, latestReviewDate } from '../../shared/domain/review-date.ts'
import { findStageRule, STAGE_RULES } from './stage.ts'

describe('the stage transition table', () => {
  it('reaches every stage, and leaves closed only by reopening to review', () => {
    expect(new Set(STAGE_RULES.map((rule) => rule.to))).toEqual(new Set(SITUATION_STAGES.filter((stage) => stage !== 'preparation')))
    expect(STAGE_RULES.filter((rule) => rule.from.includes('closed'))).toEqual([expect.objectContaining({ trigger: 'reopened', to: 'toReview' })])
    expect(STAGE_RULES.filter((rule) => rule.to === 'closed').map((rule) => rule.trigger)).toEqual(['closed'])
  })

  it('puts a followed plan to review on a life event or a handover, never one still in preparation', () => {
    for (const trigger of ['lifeEvent', 'handover', 'reviewDue'] as const) {
      expect(findStageRule('validated', trigger)?.to).toBe('toReview')
      expect(findStageRule('followUp', trigger)?.to).toBe('toReview')
      expect(findStageRule('preparation', trigger)).toBeUndefined()
      expect(findStageRule('closed', trigger)).toBeUndefined()
    }
  })

  it('validates again from review, and lets the coordinator move only where the table allows', () => {
    expect(findStageRule('toReview', 'versionValidated')?.to).toBe('validated')
    expect(findStageRule('validated', 'coordinator', 'followUp')).toBeDefined()
    expect(findStageRule('preparation', 'coordinator', 'toReview')).toBeUndefined()
    expect(findStageRule('toReview', 'coordinator', 'followUp')).toBeUndefined()
  })

  it('reviews a PAG one year after validation at the latest (29 February gives 28 February), and leaves a PPCS or PPS to the circle', () => {
    expect(addOneYear('2026-12-03')).toBe('2027-12-03')
    expect(addOneYear('2028-02-29')).toBe('2029-02-28')
    expect(latestReviewDate('pag', '2026-01-31')).toBe('2027-01-31')
    expect(latestReviewDate('pps', '2026-01-31')).toBeNull()
    expect(latestReviewDate('ppcs', '2026-01-31')).toBeNull()
  })
})
