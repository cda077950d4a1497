import { useCallback, useEffect, useRef, useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { fetchAuthors } from '../api/situations.ts'

export interface Author {
  userId: string
  name: string
  role: string | null
}

/**
 * Who wrote each part of a text. Yjs has no authorship: the server binds
 * each Yjs client id to the user who first used it, and answers
 * `GET …/authors?part=` with that binding. Live peers are also known from
 * their awareness state (same client id), and this tab's own id is me.
 */
export interface AuthorLookup {
  authorOf(clientId: number): Author | null
  /** Asks the server again (throttled) when text from an unknown client id appears. */
  missing(clientId: number): void
}

const REFETCH_INTERVAL = 1500

export function useAuthors(situationId: string, part: 'person' | 'plan', doc: Y.Doc | null, awareness: Awareness | null, me: Author | null): { lookup: AuthorLookup; version: number } {
  // Not available (older server, offline): awareness and my own id still label.
  const authors = useQuery({ queryKey: ['situations', situationId, 'authors', part], queryFn: () => fetchAuthors(situationId, part) })
  const { refetch } = authors
  const [awarenessChanges, setAwarenessChanges] = useState(0)
  const lastFetch = useRef(0)
  lastFetch.current = Math.max(lastFetch.current, authors.dataUpdatedAt)
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null)
  const known = useRef(authors.data ?? {})
  known.current = authors.data ?? {}
  // A new answer from the server, or a peer's awareness, changes who is known.
  const version = authors.dataUpdatedAt + awarenessChanges

  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current)
    },
    [],
  )

  // Peers' awareness states name live writers before the server is asked again.
  useEffect(() => {
    if (!awareness) return
    const bump = () => setAwarenessChanges((n) => n + 1)
    awareness.on('change', bump)
    return () => awareness.off('change', bump)
  }, [awareness])

  const authorOf = useCallback(
    (clientId: number): Author | null => {
      if (doc && me && clientId === doc.clientID) return me
      const bound = known.current[String(clientId)]
      if (bound) return bound
      const user = awareness?.getStates().get(clientId)?.user as { id?: unknown; name?: unknown; role?: unknown } | undefined
      if (user && typeof user.id === 'string' && typeof user.name === 'string') return { userId: user.id, name: user.name, role: typeof user.role === 'string' ? user.role : null }
      return null
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version marks a change of the known authors
    [doc, me, awareness, version],
  )

  const missing = useCallback(
    (clientId: number) => {
      if (known.current[String(clientId)] || pending.current) return
      const wait = Math.max(0, lastFetch.current + REFETCH_INTERVAL - Date.now())
      pending.current = setTimeout(() => {
        pending.current = null
        lastFetch.current = Date.now()
        void refetch()
      }, wait)
    },
    [refetch],
  )

  return { lookup: { authorOf, missing }, version }
}

/** Characters per Yjs client id in one node of a fragment (its text and nested elements). */
export function charactersByClient(node: Y.XmlElement | Y.XmlText | Y.XmlFragment | Y.XmlHook, counts = new Map<number, number>()): Map<number, number> {
  if (node instanceof Y.XmlText) {
    let item = node._start
    while (item) {
      if (!item.deleted && item.content instanceof Y.ContentString) counts.set(item.id.client, (counts.get(item.id.client) ?? 0) + item.length)
      item = item.right
    }
  } else if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
    for (const child of node.toArray()) charactersByClient(child, counts)
  }
  return counts
}
