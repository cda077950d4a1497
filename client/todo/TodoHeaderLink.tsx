import { useEffect, useState } from 'react'
import { fetchTodo } from './api.ts'
import { todoHref } from './routes.ts'
import { useFollowUpT } from './strings.ts'

/**
 * "À faire" in the header with how many things wait. The count is re-read
 * on each page change and every five minutes, so it follows what the user
 * just did elsewhere.
 */
export function TodoHeaderLink({ current, routeKey }: { current: boolean; routeKey: string }) {
  const { t } = useFollowUpT()
  const [count, setCount] = useState<number | null>(null)
  useEffect(() => {
    let live = true
    const load = () => fetchTodo().then((items) => live && setCount(items.length), () => undefined)
    void load()
    const timer = setInterval(() => void load(), 5 * 60_000)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [routeKey])
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
