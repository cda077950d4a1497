import type { AuditEvent, AuditRows } from '../storage/audit.ts'
import type { Extension } from '../sync/extension.ts'
import type { Logger } from '../log.ts'

/**
 * Records each sync connection (who, which part, read or write, from where)
 * in the audit trail. If storage cannot take the row, reads keep being
 * served and the event goes to the log instead, loudly: the log is the
 * fallback trail, never a reason to lock the care team out.
 */
export function auditExtension({ audit, log }: { audit: AuditRows; log: Logger }): Extension {
  // The hooks that append do not wait for the row (a connection is never held up by the trail): the write goes on, its failure to the log.
  const append = (event: AuditEvent) => {
    const failed = (error: unknown) => log.error('AUDIT ROW NOT STORED; recorded here instead', { audit: event, error: (error as Error).message })
    try {
      audit.append(event).catch(failed)
    } catch (error) {
      failed(error)
    }
  }
  return {
    name: 'audit',
    onConnect({ connection }) {
      const { principal } = connection
      append({
        situationId: principal.situationId,
        userId: principal.userId,
        action: 'sync.connect',
        target: principal.part,
        detail: { mode: principal.access },
        address: principal.address,
      })
    },
    /**
     * Every refused write or frame, with the rule that refused it and the
     * close code; the reason names fields and sizes, never document text.
     */
    onRefuse({ connection, closeCode, rule }) {
      const { principal } = connection
      append({
        situationId: principal.situationId,
        userId: principal.userId,
        action: 'sync.refused',
        target: principal.part,
        detail: { rule, code: closeCode, mode: principal.access },
        address: principal.address,
      })
    },
  }
}
