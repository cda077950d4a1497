import { useEffect } from 'react'

/**
 * `#/situations/<id>?row=<rowId>` (from "Mes actions"): once the plan is
 * shown, scroll that goal or action into view, mark it and move the focus
 * to its title so keyboard users land on it too.
 */
export function useScrollToRow(rowId: string | null, ready: boolean): void {
  useEffect(() => {
    if (!rowId || !ready) return
    let tries = 0
    const timer = setInterval(() => {
      const row = document.querySelector<HTMLElement>(`[data-action-id="${CSS.escape(rowId)}"], [data-goal-id="${CSS.escape(rowId)}"]`)
      if (!row && ++tries < 40) return
      clearInterval(timer)
      if (!row) return
      const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches
      row.scrollIntoView({ block: 'center', behavior: reduced ? 'auto' : 'smooth' })
      row.classList.add('row-target')
      row.setAttribute('data-target', 'true')
      const title = row.querySelector<HTMLElement>('input.action-title, input.goal-title')
      title?.focus({ preventScroll: true })
    }, 50)
    return () => clearInterval(timer)
  }, [rowId, ready])
}
