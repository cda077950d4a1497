import { useEffect, useRef } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { todoQuery } from '../api/follow-up.ts'
import { todoHref } from '../app/hrefs.ts'
import { useFollowUpT } from './strings.ts'

/** The header count is a reminder, not live data: every five minutes (paused, like every poll, while the tab is hidden). */
const COUNT_EVERY_MS = 5 * 60_000

/**
 * "À faire" in the header with how many things wait. The count is re-read
 * on each page change and every five minutes, so it follows what the user
 * just did elsewhere.
 */
export function TodoHeaderLink({ current, routeKey }: { current: boolean; routeKey: string }) {
  const { t } = useFollowUpT()
  const queryClient = useQueryClient()
  const count = useQuery({ ...todoQuery, refetchInterval: COUNT_EVERY_MS, select: (items) => items.length }).data ?? null
  // A page change may follow a write the count depends on: mark it stale (the first render already reads it).
  const shownRoute = useRef(routeKey)
  useEffect(() => {
    if (shownRoute.current === routeKey) return
    shownRoute.current = routeKey
    void queryClient.invalidateQueries({ queryKey: todoQuery.queryKey })
  }, [routeKey, queryClient])
  return (
    <a href={todoHref} aria-current={current ? 'page' : undefined} className="todo-link" data-testid="todo-link">
      {t('nav.todo')}
      {count !== null && count > 0 && (
        <>
          {' '}
          <span className="todo-count" aria-hidden="true" data-testid="todo-count">
            {count}
          </span>
          <span className="visually-hidden">({t('nav.count', { count })})</span>
        </>
      )}
    </a>
  )
}
