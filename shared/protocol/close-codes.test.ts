import { describe, expect, it } from 'vitest'
import { CloseCode, DROP_LOCAL_COPY_CODES, isPermanentClose } from './close-codes.ts'

/**
 * DESIGN.md section 7: refusals close in 4400–4499, which the stock
 * y-websocket client treats as permanent (it stops); transient trouble closes
 * in 45xx or 1012, after which it reconnects.
 */
const PERMANENT = ['badFrame', 'unauthenticated', 'forbidden', 'notFound', 'accessRevoked', 'restoredFromBackup', 'updateRejected', 'rateLimited'] as const
const RETRYABLE = ['serviceRestart', 'messageTooBig', 'accessChanged', 'resyncRequired', 'ownershipMoved', 'internalError', 'storageUnavailable', 'slowConsumer'] as const

describe('close codes', () => {
  it('lists every code as either permanent or retryable, none twice', () => {
    expect([...PERMANENT, ...RETRYABLE].sort()).toEqual(Object.keys(CloseCode).sort())
    expect(new Set(Object.values(CloseCode)).size).toBe(Object.keys(CloseCode).length)
  })

  for (const name of PERMANENT) {
    it(`makes ${name} (${CloseCode[name]}) permanent: a refusal the client does not retry`, () => {
      expect(CloseCode[name]).toBeGreaterThanOrEqual(4400)
      expect(CloseCode[name]).toBeLessThanOrEqual(4499)
      expect(isPermanentClose(CloseCode[name])).toBe(true)
    })
  }

  for (const name of RETRYABLE) {
    it(`makes ${name} (${CloseCode[name]}) retryable: the client reconnects`, () => {
      expect(isPermanentClose(CloseCode[name])).toBe(false)
    })
  }

  it('puts the edges of the permanent range where the stock client puts them', () => {
    expect([4399, 4400, 4499, 4500, 1000, 1006].map(isPermanentClose)).toEqual([false, true, true, false, false, false])
  })

  it('drops the local copy only on permanent refusals that make it stale or unreadable', () => {
    for (const code of DROP_LOCAL_COPY_CODES) expect(isPermanentClose(code)).toBe(true)
    expect([...DROP_LOCAL_COPY_CODES].sort()).toEqual(
      [CloseCode.forbidden, CloseCode.notFound, CloseCode.accessRevoked, CloseCode.restoredFromBackup, CloseCode.updateRejected].sort(),
    )
    // Being unauthenticated or throttled says nothing about the copy: it is kept for after login.
    expect(DROP_LOCAL_COPY_CODES).not.toContain(CloseCode.unauthenticated)
    expect(DROP_LOCAL_COPY_CODES).not.toContain(CloseCode.rateLimited)
  })
})
