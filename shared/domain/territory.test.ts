import { describe, expect, it } from 'vitest'
import { DEPARTEMENT_PATTERN, isMissingAnswer, MISSING_ANSWERS, SUPPRESSION_THRESHOLD } from './territory.ts'
import { closureReasonLabel, isPagClosureReason, PAG_CLOSURE_REASONS } from './closure-reasons.ts'

describe('territory helpers', () => {
  it('accepts every metropolitan, Corsican and overseas département code and nothing else', () => {
    for (const code of ['01', '09', '10', '37', '45', '89', '90', '95', '2A', '2B', '971', '972', '973', '974', '975', '976']) expect(DEPARTEMENT_PATTERN.test(code), code).toBe(true)
    for (const code of ['00', '96', '99', '977', '970', '2C', '20', '1', '370', '37261', '', 'ab', '2a']) expect(DEPARTEMENT_PATTERN.test(code), code).toBe(false)
  })

  it('knows the kinds of missing answer and nothing else', () => {
    for (const kind of MISSING_ANSWERS) expect(isMissingAnswer(kind)).toBe(true)
    for (const value of ['', 'Place', 'none', null, undefined, 1]) expect(isMissingAnswer(value)).toBe(false)
  })

  it('hides counts under five people', () => {
    expect(SUPPRESSION_THRESHOLD).toBe(5)
  })
})

describe('closure reasons', () => {
  it('labels each known PAG closure reason in French, and shows any other text as written', () => {
    for (const reason of PAG_CLOSURE_REASONS) {
      expect(isPagClosureReason(reason)).toBe(true)
      expect(closureReasonLabel(reason)).not.toBe(reason)
      expect(closureReasonLabel(reason).length).toBeGreaterThan(3)
    }
    expect(closureReasonLabel('deceased')).toBe('Décès')
    expect(closureReasonLabel('Parti vivre chez sa fille')).toBe('Parti vivre chez sa fille')
    expect(closureReasonLabel(null)).toBe('')
    expect(isPagClosureReason('Deceased')).toBe(false)
  })
})
