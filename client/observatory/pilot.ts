import { useQuery } from '@tanstack/react-query'
import { request } from '../api/http.ts'

const fetchPilotOf = (): Promise<string[]> =>
  request<{ pilotOf: string[] }>('GET', '/api/me/territories', undefined, { quiet401: true }).then((answer) => answer.pilotOf)

/** The départements the signed-in account pilots (`GET /api/me/territories`); null while loading, [] on failure. */
export function usePilotOf(): string[] | null {
  // Read by the header link and the page alike: one request, one cache entry.
  const pilotOf = useQuery({ queryKey: ['me', 'territories'], queryFn: fetchPilotOf })
  if (pilotOf.isError) return []
  return pilotOf.data ?? null
}
