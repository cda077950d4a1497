import { useCallback, useEffect, useMemo, useState } from 'react'
import * as Y from 'yjs'
import { planRoots } from '../../shared/schema/plan.ts'
import { keepRowsOnUndo } from '../../shared/schema/rows.ts'
import type { SituationDetail } from '../api/types.ts'
import { useMe, useSession } from '../app/session.tsx'
import { useConnectionStatus, type ClosedReason, type ConnectionStatus } from '../collab/connection-status.ts'
import { colorFor, setFocus, usePresence, type PresenceUser } from '../collab/presence.ts'
import { useCollabDoc, useDocReady, type CollabDoc } from '../collab/use-collab-doc.ts'
import type { PlanContextValue } from '../situation/plan-context.tsx'

export interface MeetingPlan {
  collab: CollabDoc | null
  personDoc: Y.Doc | null
  status: ConnectionStatus
  synced: boolean
  /** The same context the plan screens use, so plan fields (YTextInput) work here too. */
  context: PlanContextValue | null
  user: PresenceUser
}

/**
 * The live plan of the situation on a meeting screen: the only plan
 * provider while this page is shown (the situation page is not mounted),
 * plus the person's section read-only (their expectations for the meeting).
 * Being connected here is also what the server records as attendance.
 */
export function useMeetingPlan(situation: SituationDetail): MeetingPlan {
  const me = useMe()
  const { expire } = useSession()
  const user = useMemo<PresenceUser>(() => ({ id: me.id, name: me.name, role: situation.role, color: colorFor(me.id) }), [me.id, me.name, situation.role])
  const onClosed = useCallback((reason: ClosedReason) => reason === 'unauthenticated' && expire(), [expire])
  const canWrite = situation.access.plan === 'write'
  const collab = useCollabDoc(situation.id, 'plan', situation.access.plan === 'none' ? null : user, { readOnly: !canWrite })
  const personCollab = useCollabDoc(situation.id, 'person', situation.access.person === 'none' ? null : user, { readOnly: true })
  const status = useConnectionStatus(collab?.provider ?? null, situation.id, onClosed)
  const synced = useDocReady(collab)
  const peers = usePresence(collab?.provider.awareness ?? null)
  const [undoManager, setUndoManager] = useState<Y.UndoManager | null>(null)

  useEffect(() => {
    if (!collab) return
    const rows = [planRoots(collab.doc).decisions]
    const manager = new Y.UndoManager(rows, { trackedOrigins: new Set([collab.origin]), captureTimeout: 600, deleteFilter: keepRowsOnUndo(rows) })
    setUndoManager(manager)
    return () => {
      setUndoManager(null)
      manager.destroy()
    }
  }, [collab])

  const readOnly = !canWrite || status.state === 'closed'
  const context = useMemo<PlanContextValue | null>(() => {
    if (!collab || !undoManager) return null
    const awareness = collab.provider.awareness
    return {
      writer: { doc: collab.doc, origin: collab.origin, author: () => ({ userId: me.id }) },
      provider: collab.provider,
      personDoc: personCollab?.doc ?? null,
      undoManager,
      user,
      kind: situation.kind,
      readOnly,
      members: situation.members,
      peers,
      showRemoved: false,
      focus: (path) => setFocus(awareness, path ? { part: 'plan', path } : null),
    }
  }, [collab, personCollab, undoManager, user, situation.kind, situation.members, readOnly, peers, me.id])

  return { collab, personDoc: personCollab?.doc ?? null, status, synced, context, user }
}
