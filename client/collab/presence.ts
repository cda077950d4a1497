import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import type { Part } from '../../shared/schema/roots.ts'
import type { Role } from '../../shared/domain/roles.ts'

/** Awareness `user` (DESIGN.md section 5): id must be the session's user id. */
export interface PresenceUser {
  id: string
  name: string
  role: Role
  color: string
}

/** Awareness `focus`: path by row id and field, never by index (`goals/<id>/title`, `assessment/health`). */
export interface PresenceFocus {
  part: Part
  path: string
}

export interface Peer {
  clientId: number
  user: PresenceUser
  focus: PresenceFocus | null
  isMe: boolean
}

/**
 * Dark colours: a white label on each passes WCAG AA (contrast ≥ 4.5:1), and
 * the caret line stays visible on white.
 */
export const PRESENCE_COLORS = ['#1d4e89', '#8a2c0d', '#1e6b3a', '#6a3d9a', '#9b1d4f', '#005f73', '#7a4a00', '#4a5a12'] as const

/** A stable colour per user id. */
export function colorFor(userId: string): string {
  let hash = 0
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0
  return PRESENCE_COLORS[hash % PRESENCE_COLORS.length]!
}

const isUser = (value: unknown): value is PresenceUser => {
  if (typeof value !== 'object' || value === null) return false
  const user = value as Record<string, unknown>
  return typeof user.id === 'string' && typeof user.name === 'string' && typeof user.color === 'string'
}

const isFocus = (value: unknown): value is PresenceFocus =>
  typeof value === 'object' && value !== null && typeof (value as PresenceFocus).path === 'string' && typeof (value as PresenceFocus).part === 'string'

/** Everyone on this document (one entry per user, first tab wins), me first. */
export function readPeers(awareness: Awareness): Peer[] {
  const byUser = new Map<string, Peer>()
  const states = [...awareness.getStates().entries()].sort(([a], [b]) => (a === awareness.clientID ? -1 : b === awareness.clientID ? 1 : a - b))
  for (const [clientId, state] of states) {
    if (!isUser(state.user)) continue
    const focus = isFocus(state.focus) ? state.focus : null
    const existing = byUser.get(state.user.id)
    if (existing) {
      if (!existing.focus && focus) existing.focus = focus
      continue
    }
    byUser.set(state.user.id, { clientId, user: state.user, focus, isMe: clientId === awareness.clientID })
  }
  return [...byUser.values()]
}

/** Live list of peers over an awareness instance. */
export function usePresence(awareness: Awareness | null): Peer[] {
  const [peers, setPeers] = useState<Peer[]>(() => (awareness ? readPeers(awareness) : []))
  useEffect(() => {
    if (!awareness) {
      setPeers([])
      return
    }
    const update = () => setPeers(readPeers(awareness))
    update()
    awareness.on('change', update)
    return () => awareness.off('change', update)
  }, [awareness])
  return peers
}

/** Sets or clears my focus (what row/domain I am in). */
export function setFocus(awareness: Awareness, focus: PresenceFocus | null): void {
  const current = awareness.getLocalState()?.focus as PresenceFocus | null | undefined
  if (current?.path === focus?.path && current?.part === focus?.part) return
  awareness.setLocalStateField('focus', focus)
}
