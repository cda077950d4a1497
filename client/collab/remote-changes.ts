import { useEffect, useRef, useState } from 'react'
import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import type { WebsocketProvider } from 'y-websocket'

/** Where a change landed: the root type's name and the key (assessment domain, row id, map key) under it. */
export interface ChangePlace {
  root: string
  key: string | null
}

/** Walks up from a changed type to its root, remembering the row or key just under the root. */
export function placeOf(doc: Y.Doc, type: Y.AbstractType<unknown>): ChangePlace | null {
  let current: Y.AbstractType<unknown> = type
  let key: string | null = null
  for (let depth = 0; depth < 64; depth++) {
    const item = current._item
    if (!item) {
      for (const [name, shared] of doc.share) if (shared === current) return { root: name, key }
      return null
    }
    const parent = item.parent as Y.AbstractType<unknown>
    if (!parent._item) {
      // `current` is a direct child of the root: a row (by its id) or a map entry (by its key).
      key = item.parentSub ?? (current instanceof Y.Map && typeof current.get('id') === 'string' ? (current.get('id') as string) : null)
    }
    current = parent
  }
  return null
}

/** Names of the users whose clocks advanced in a transaction, from their awareness state. */
function writersOf(transaction: Y.Transaction, awareness: Awareness | null): string[] {
  const names = new Set<string>()
  for (const [client, clock] of transaction.afterState) {
    if ((transaction.beforeState.get(client) ?? 0) >= clock) continue
    const user = awareness?.getStates().get(client)?.user as { name?: unknown } | undefined
    if (typeof user?.name === 'string') names.add(user.name)
  }
  return [...names]
}

const QUIET_MS = 2500
const MAX_WAIT_MS = 8000

/**
 * One polite announcement for a burst of remote changes, not one per
 * keystroke: after 2.5 s without a remote change (8 s at most), it says who
 * changed what ("Sophie Durand a modifié : Évaluation — Autonomie").
 */
export function useRemoteChangeAnnouncement(
  doc: Y.Doc | null,
  provider: WebsocketProvider | null,
  describe: (place: ChangePlace) => string | null,
  format: (writers: string[], places: string[]) => string,
): string {
  const [message, setMessage] = useState('')
  const describeRef = useRef(describe)
  const formatRef = useRef(format)
  describeRef.current = describe
  formatRef.current = format

  useEffect(() => {
    if (!doc || !provider) return
    const awareness = provider.awareness
    let writers = new Set<string>()
    // Places are kept as keys and described at flush time, so a title typed letter by letter is named once, as it ends.
    let places = new Map<string, ChangePlace>()
    let quiet: ReturnType<typeof setTimeout> | null = null
    let first = 0
    const flush = () => {
      quiet = null
      first = 0
      const described = [...new Set([...places.values()].map((place) => describeRef.current(place)).filter((text): text is string => Boolean(text)))]
      if (described.length > 0) setMessage(formatRef.current([...writers], described))
      writers = new Set()
      places = new Map()
    }
    const onTransaction = (transaction: Y.Transaction) => {
      // Only live changes from the others: not the first sync, nor a resync after reconnecting.
      if (transaction.origin !== provider || !provider.synced) return
      let touched = false
      for (const type of transaction.changedParentTypes.keys()) {
        const place = placeOf(doc, type as Y.AbstractType<unknown>)
        // A root array itself (its parent-of-changes entry) says nothing more than its rows do.
        if (!place || (place.key === null && doc.share.get(place.root) instanceof Y.Array)) continue
        if (!describeRef.current(place)) continue
        places.set(`${place.root}\u0000${place.key ?? ''}`, place)
        touched = true
      }
      if (!touched) return
      for (const name of writersOf(transaction, awareness)) writers.add(name)
      const now = Date.now()
      if (!first) first = now
      if (quiet) clearTimeout(quiet)
      quiet = setTimeout(flush, now - first > MAX_WAIT_MS ? 0 : QUIET_MS)
    }
    doc.on('afterTransaction', onTransaction)
    return () => {
      doc.off('afterTransaction', onTransaction)
      if (quiet) clearTimeout(quiet)
    }
  }, [doc, provider])

  return message
}
