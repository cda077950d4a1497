import { useEffect, useState } from 'react'
import { request } from '../api/http.ts'

/** The départements the signed-in account pilots (`GET /api/me/territories`); null while loading, [] on failure. */
export function usePilotOf(): string[] | null {
  const [pilotOf, setPilotOf] = useState<string[] | null>(null)
  useEffect(() => {
    let live = true
    request<{ pilotOf: string[] }>('GET', '/api/me/territories', undefined, { quiet401: true }).then(
      (answer) => live && setPilotOf(answer.pilotOf),
      () => live && setPilotOf([]),
    )
    return () => {
      live = false
    }
  }, [])
  return pilotOf
}
