import { useCallback, useRef, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the event type varies per shared type
type AnyType = Y.AbstractType<any>

/**
 * Re-reads `read()` whenever one of `types` (or anything nested in them)
 * changes, and re-renders only then. Typing in an assessment editor does not
 * re-render the goal rows, since those observe other types.
 *
 * @example const goals = useYRead([roots.goals], () => readGoals(doc))
 */
export function useYRead<T>(types: readonly AnyType[], read: () => T): T {
  const cache = useRef<{ version: number; types: readonly AnyType[]; value: T } | null>(null)
  const version = useRef(0)
  const subscribe = useCallback(
    (listener: () => void) => {
      const onChange = () => {
        version.current++
        listener()
      }
      for (const type of types) type.observeDeep(onChange)
      return () => {
        for (const type of types) type.unobserveDeep(onChange)
      }
    },
    // The types are stable for one document.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    types,
  )
  const getSnapshot = () => {
    const stale =
      !cache.current ||
      cache.current.version !== version.current ||
      cache.current.types.length !== types.length ||
      cache.current.types.some((type, i) => type !== types[i])
    if (stale) cache.current = { version: version.current, types, value: read() }
    return cache.current!.value
  }
  return useSyncExternalStore(subscribe, getSnapshot)
}
