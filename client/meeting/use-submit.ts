import { useCallback, useState } from 'react'

/**
 * One request a form or button sends: `busy` while it runs, `failed` when it
 * threw (shown as a message; the form keeps what was typed). `run` never
 * rejects, so callers can `void` it from an event handler.
 */
export function useSubmit(): { busy: boolean; failed: boolean; run: (send: () => Promise<void>) => Promise<void> } {
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState(false)
  const run = useCallback(async (send: () => Promise<void>) => {
    setBusy(true)
    setFailed(false)
    try {
      await send()
    } catch {
      setFailed(true)
    } finally {
      setBusy(false)
    }
  }, [])
  return { busy, failed, run }
}
