import { Hono } from 'hono'
import type { WebSocket } from 'ws'
import { isPart, documentName } from '../../shared/schema/roots.ts'
import type { AccessService } from '../auth/access.ts'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { Budgets, OVER_BUDGET_REASON } from '../../shared/protocol/limits.ts'
import type { AuditEvent } from '../domain/stores.ts'
import { accessToPart } from '../auth/policy.ts'
import { Connection, type ConnectionOptions } from '../sync/connection.ts'
import type { Principal } from '../sync/extension.ts'
import type { RoomRegistry } from '../sync/rooms.ts'
import type { Logger } from '../log.ts'
import type { AppEnv } from './context.ts'
import { remoteAddress } from './remote-address.ts'
import { SERVED_ELSEWHERE_BODY } from '../../shared/protocol/served-elsewhere.ts'
import { acceptUpgrade } from './upgrade.ts'

export interface SyncRouteDeps {
  access: AccessService
  /** Epoch ms of the last restore from backup, if any: older sessions must drop their local copies. */
  restoredAt?: () => Promise<number | null>
  invalidateSession?: (sessionId: string) => Promise<void>
  rooms: RoomRegistry
  log: Logger
  connection?: ConnectionOptions
  /** Records refused upgrades and connections (the audit trail); never throws into the upgrade. */
  auditRefusal?: (event: AuditEvent) => void
  /**
   * Cluster mode: whether this node serves the situation (it holds, or just
   * took, its ownership). False is answered 503 with Retry-After before the
   * upgrade, so the proxy tries the next node. Without it, every situation is
   * served here.
   */
  serveSituation?: (situationId: string) => Promise<boolean>
}

/**
 * The WebSocket upgrade: session → membership → principal → room. Refusals
 * happen before the upgrade, so nothing of the document is ever sent: no
 * session is 401; an unknown situation, a non-member and a member without
 * right to the part all get the same 404.
 */
export function syncRoutes({ access, rooms, log, connection: connectionOptions, restoredAt, invalidateSession, auditRefusal, serveSituation }: SyncRouteDeps) {
  const refused = (event: AuditEvent) => {
    try {
      auditRefusal?.(event)
    } catch (error) {
      log.error('AUDIT ROW NOT STORED; recorded here instead', { audit: event, error: (error as Error).message })
    }
  }
  // One options object for every connection (resolved once, see connection.ts), with the audit of oversized frames.
  const socketOptions: ConnectionOptions = {
    ...connectionOptions,
    onOversizedFrame: ({ principal }) =>
      refused({
        situationId: principal.situationId,
        userId: principal.userId,
        action: 'sync.refused',
        target: principal.part,
        detail: { rule: 'budget:frame-bytes', code: CloseCode.messageTooBig },
        address: principal.address,
      }),
  }
  return new Hono<AppEnv>().get('/sync/:situationId/:part', async (c) => {
    const user = c.get('user')
    const session = c.get('session')
    const { situationId, part } = c.req.param()
    if (!user || !session) {
      // No situation id from an anonymous request goes into the trail: it may be anything.
      refused({ situationId: null, userId: null, action: 'sync.refused', target: null, detail: { rule: 'no-session', status: 401 }, address: remoteAddress(c) })
      return c.json({ error: 'authentication required' }, 401)
    }
    const context = await access.context(situationId, user.id)
    const mode = context && isPart(part) ? accessToPart(context, part) : 'none'
    if (!context?.member || !isPart(part) || mode === 'none') {
      // Recorded against the situation only when it exists (its coordinator sees who knocked).
      refused({
        situationId: context ? situationId : null,
        userId: user.id,
        action: 'sync.refused',
        target: isPart(part) ? part : null,
        detail: { rule: context?.member ? 'no-right-to-part' : 'not-a-member', status: 404 },
        address: remoteAddress(c),
      })
      return c.json({ error: 'not found' }, 404)
    }
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') return c.json({ error: 'WebSocket upgrade required' }, 426)

    const principal: Principal = {
      userId: user.id,
      name: user.name,
      sessionId: session.id,
      situationId,
      part,
      access: mode,
      role: context.member.role,
      address: remoteAddress(c),
    }
    const docName = documentName(situationId, part)
    const restored = (await restoredAt?.()) ?? null
    if (restored !== null && session.createdAt < restored) {
      // This client may hold edits the restored database lost: it must drop
      // its local copy (4412) rather than merge it back; the session ends.
      await invalidateSession?.(session.id)
      refused({ situationId, userId: user.id, action: 'sync.refused', target: part, detail: { rule: 'restored-from-backup', code: CloseCode.restoredFromBackup }, address: remoteAddress(c) })
      return acceptUpgrade(c, (ws) => ws.close(CloseCode.restoredFromBackup, 'restored from backup: drop local copies'))
    }
    // After the rights (a refusal is the same 401/404 on every node), before the upgrade.
    if (serveSituation && !(await servedHere(serveSituation, situationId, log))) {
      c.header('Retry-After', '1')
      return c.json(SERVED_ELSEWHERE_BODY, 503)
    }
    return acceptUpgrade(c, openSocket(principal, docName, { rooms, log, refused, connectionOptions: socketOptions }))
  })
}

interface OpenDeps {
  rooms: RoomRegistry
  log: Logger
  refused: (event: AuditEvent) => void
  connectionOptions: ConnectionOptions
}

/**
 * What runs once the socket is open. Built outside the route on purpose: a
 * closure made inside it would share the route's scope, and so keep the
 * request's context alive as long as the socket lives (see upgrade.ts).
 */
function openSocket(principal: Principal, docName: string, { rooms, log, refused, connectionOptions }: OpenDeps): (ws: WebSocket) => void {
  const { situationId, part } = principal
  return (ws) => {
    // Counted when the socket opens (opens run one at a time): a burst of
    // upgrades cannot all pass the check before any of them is counted.
    if (rooms.socketsOf(principal.userId) >= Budgets.socketsPerUser) {
      refused({
        situationId,
        userId: principal.userId,
        action: 'sync.refused',
        target: part,
        detail: { rule: 'budget:sockets-per-user', code: CloseCode.rateLimited },
        address: principal.address,
      })
      log.warn('sync refused', { doc: docName, user: principal.userId, rule: 'budget:sockets-per-user', code: CloseCode.rateLimited })
      ws.close(CloseCode.rateLimited, `${OVER_BUDGET_REASON}: more than ${Budgets.socketsPerUser} open connections`)
      return
    }
    const connection = new Connection(ws, principal, log, connectionOptions)
    void rooms.join(docName, connection)
  }
}

/** An unreachable database means this node cannot prove it owns the situation: not served here. */
async function servedHere(serveSituation: (situationId: string) => Promise<boolean>, situationId: string, log: Logger): Promise<boolean> {
  try {
    return await serveSituation(situationId)
  } catch (error) {
    log.warn('situation ownership could not be checked', { situationId, error: (error as Error).message })
    return false
  }
}
