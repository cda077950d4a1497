import type { Part } from '../../shared/schema/roots.ts'
import type { ClientBindingRows } from '../storage/client-bindings.ts'
import type { SituationRows } from '../storage/situations.ts'

export interface AuthorDeps {
  situations: Pick<SituationRows, 'activeMembers'>
  bindings: Pick<ClientBindingRows, 'forDoc'>
}

export interface Author {
  userId: string
  name: string
  role: string | null
  mission: string
}

/**
 * Who wrote with each Yjs client id of a part, for the editors' carets and
 * "written by": the member's name, role and mission (the server's own changes
 * are Concerto's). The caller has checked the reader may read the part.
 */
export async function partAuthors(deps: AuthorDeps, situationId: string, part: Part): Promise<Record<string, Author>> {
  const members = await deps.situations.activeMembers(situationId)
  const byUser = new Map(members.filter((m) => m.userId).map((m) => [m.userId!, m]))
  const authors: Record<string, Author> = {}
  for (const [clientId, userId] of await deps.bindings.forDoc({ situationId, part })) {
    const member = byUser.get(userId)
    authors[String(clientId)] = { userId, name: member?.name ?? (userId === 'server' ? 'Concerto' : ''), role: member?.role ?? null, mission: member?.mission ?? '' }
  }
  return authors
}
