import { createContext, useContext } from 'react'
import type * as Y from 'yjs'
import type { PlanKind } from '../../shared/domain/roles.ts'
import type { Member } from '../api/types.ts'
import type { Peer, PresenceFocus, PresenceUser } from '../collab/presence.ts'
import type { CaretSource } from '../editor/caret-source.ts'
import type { PlanWriter } from '../collab/plan-writer.ts'

/** What every plan screen needs, given once by the situation page. */
export interface PlanContextValue {
  writer: PlanWriter
  /** The plan's awareness, for the editors' carets. */
  provider: CaretSource
  /** The person's section (read-only here), for their views beside each row; null without access. */
  personDoc: Y.Doc | null
  undoManager: Y.UndoManager
  user: PresenceUser
  kind: PlanKind
  readOnly: boolean
  members: Member[]
  peers: Peer[]
  showRemoved: boolean
  focus(path: string | null): void
}

export const PlanContext = createContext<PlanContextValue | null>(null)

export function usePlan(): PlanContextValue {
  const value = useContext(PlanContext)
  if (!value) throw new Error('usePlan outside the situation page')
  return value
}

/** Peers (not me) whose focus is on this path or below it (`goals/<id>` matches `goals/<id>/title`). */
export function peersAt(peers: readonly Peer[], part: PresenceFocus['part'], path: string): Peer[] {
  return peers.filter((peer) => !peer.isMe && peer.focus?.part === part && (peer.focus.path === path || peer.focus.path.startsWith(`${path}/`)))
}
