import type { PolicyContext } from '../auth/policy.ts'
import { accessLog, type AccessEntry } from './access-log.ts'
import type { Actor } from './memberships.ts'
import { assertPersonOrRepresentative, collectMyData, type MyData, type MyDataDeps } from './my-data.ts'
import { renderMyDataPdf } from './my-data-pdf.ts'

/** "Qui a consulté mon dossier": only for the person and their legal representative. */
export async function situationAccessLog(deps: MyDataDeps, context: PolicyContext): Promise<AccessEntry[]> {
  assertPersonOrRepresentative(context)
  return accessLog(deps, context.situation.id, await deps.situations.activeMembers(context.situation.id))
}

/**
 * Everything held about the person, as JSON or as a PDF; each download is
 * itself in the audit trail (`mydata.json`, `mydata.pdf`), written once the
 * file is ready.
 *
 * @example const data = await downloadMyData(deps, context, 'json', actor)
 */
export async function downloadMyData(deps: MyDataDeps, context: PolicyContext, format: 'json', actor: Actor): Promise<MyData>
export async function downloadMyData(deps: MyDataDeps, context: PolicyContext, format: 'pdf', actor: Actor): Promise<Uint8Array>
export async function downloadMyData(deps: MyDataDeps, context: PolicyContext, format: 'json' | 'pdf', actor: Actor): Promise<MyData | Uint8Array> {
  const data = await collectMyData(deps, context)
  const file = format === 'pdf' ? new Uint8Array(await renderMyDataPdf(data)) : data
  await deps.audit.append({ situationId: context.situation.id, userId: actor.userId, action: `mydata.${format}`, address: actor.address })
  return file
}
