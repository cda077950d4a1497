import { createContext, useContext } from 'react'
import type * as Y from 'yjs'
import type { Role } from '../../shared/domain/roles.ts'
import type { SituationDetail } from '../api/types.ts'
import type { CollabDoc } from '../collab/use-collab-doc.ts'
import type { PresenceUser } from '../collab/presence.ts'
import type { BlockLabeller } from '../editor/authorship.ts'

/** What every screen of the person's view needs, given once by the page. */
export interface PersonSpace {
  situation: SituationDetail
  user: PresenceUser
  role: Role
  /** `me` for the person, `other` for a relative or the legal representative (wording). */
  voice: 'me' | 'other'
  /** The person's first name, for "Ce que Yanis espère". */
  personFirstName: string
  person: CollabDoc
  /** The plan, read-only (null when hidden from this relative). */
  plan: Y.Doc | null
  canWrite: boolean
  labeller: { current: BlockLabeller | null }
  /** Changes when the list of authors changes, so editors re-label. */
  authorsVersion: number
}

export const PersonSpaceContext = createContext<PersonSpace | null>(null)

export function usePersonSpace(): PersonSpace {
  const value = useContext(PersonSpaceContext)
  if (!value) throw new Error('usePersonSpace outside the person view')
  return value
}
