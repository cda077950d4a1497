import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { OVER_BUDGET_REASON } from '../../shared/protocol/limits.ts'
import type { DocumentKey } from '../../shared/protocol/document-key.ts'
import type { Logger } from '../log.ts'
import type { Connection } from './connection.ts'
import { runHooks, SyncRefusal, type Extension } from './extension.ts'

/**
 * How a room refuses: a `SyncRefusal` closes only its sender, with its code,
 * and is audited once (`onRefuse`, with the rule); any other error closes the
 * sender with 4500. A connection that closed itself for its own limits (text
 * frame, flood, queue) is audited the same way when it leaves.
 *
 * @example refusals.refuse(connection, new SyncRefusal(CloseCode.badFrame, 'not y-websocket', 'well-formed'))
 */
export class Refusals {
  /** Connections already audited as refused (so their close is not audited twice). */
  private readonly audited = new WeakSet<Connection>()

  constructor(
    private readonly extensions: readonly Extension[],
    private readonly log: Logger,
    private readonly documentKey: DocumentKey,
    private readonly documentName: string,
  ) {}

  refuse(connection: Connection, error: unknown): void {
    if (error instanceof SyncRefusal) {
      this.log.warn('sync refused', { doc: this.documentName, connection: connection.id, user: connection.principal.userId, rule: error.rule, code: error.closeCode, reason: error.message })
      if (connection.closed) return
      // Marked before closing: the close makes the room's leave run, which must not audit it again.
      this.audited.add(connection)
      connection.close(error.closeCode, error.message)
      this.audit(connection, error.closeCode, error.rule, error.message)
    } else {
      this.log.error('sync hook failed', { doc: this.documentName, connection: connection.id, error: (error as Error).message })
      connection.close(CloseCode.internalError, 'internal error')
    }
  }

  /** Over a size budget: refused whole, the sender closed with 4422 and a reason the client shows as "too large". */
  overBudget(connection: Connection, budget: string, detail: string): void {
    this.refuse(connection, new SyncRefusal(CloseCode.updateRejected, `${OVER_BUDGET_REASON}: ${detail}`, `budget:${budget}`))
  }

  /** A connection leaving: if it closed itself for its own limits (text frame, flood, queue), that is audited like any refusal. */
  left(connection: Connection): void {
    const own = connection.closedWith
    if (!own || this.audited.has(connection)) return
    if (own.code === CloseCode.badFrame || own.code === CloseCode.rateLimited) {
      this.audit(connection, own.code, own.code === CloseCode.rateLimited ? 'budget:message-rate' : 'well-formed', own.reason)
    }
  }

  private audit(connection: Connection, closeCode: number, rule: string, reason: string): void {
    this.audited.add(connection)
    const payload = { documentKey: this.documentKey, documentName: this.documentName, connection, closeCode, rule, reason }
    void runHooks(this.extensions, 'onRefuse', payload).catch((hookError) =>
      this.log.error('refusal hook failed', { doc: this.documentName, error: (hookError as Error).message }),
    )
  }
}
