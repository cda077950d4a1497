import { QueryClient } from '@tanstack/react-query'
import { ApiError } from './http.ts'

/**
 * The one data-fetching layer of the client (docs/decisions/015): every server
 * read is a TanStack Query `useQuery` keyed by the URL-like tuple of what it
 * reads (`['situations', id, 'meetings']`), every write a `useMutation` that
 * invalidates the keys it changes. Components never fetch in an effect.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx answer is the server's word (gone, refused, not yours): asking again changes nothing.
        retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
        // Rights and content change under us (another member, the person): a window coming back re-reads.
        refetchOnWindowFocus: true,
        staleTime: 5_000,
      },
      mutations: { retry: false },
    },
  })
}
