import type { TFunction } from 'i18next'
import type * as Y from 'yjs'
import type { Member } from '../api/types.ts'
import { charactersByClient, type AuthorLookup } from '../collab/authors.ts'
import type { BlockLabeller } from '../editor/authorship.ts'

/*
 * Who wrote or said something, in words the person knows ("sa mère", "son représentant légal"):
 * the person's own section labels its paragraphs with it, and the plan shows the person's and
 * relatives' views beside each row (RowViews.tsx): shared, so in the situation shell.
 */

/** Kinship words found at the start of a member's mission ("Mère de Yanis, aidante"), longest first. */
const KINSHIP = [
  'grand-mère',
  'grand-père',
  'belle-mère',
  'beau-père',
  'mère',
  'père',
  'épouse',
  'époux',
  'mari',
  'femme',
  'compagne',
  'compagnon',
  'sœur',
  'soeur',
  'frère',
  'fille',
  'fils',
  'tante',
  'oncle',
  'cousine',
  'cousin',
  'tutrice',
  'tuteur',
  'curatrice',
  'curateur',
  'amie',
  'ami',
] as const

const normalise = (word: string) => (word === 'soeur' ? 'sœur' : word)

/** The kinship word a mission starts with, if any ("Mère de Yanis, aidante" → "mère"). */
export function kinshipOf(mission: string): string | null {
  const start = mission.trim().toLowerCase()
  const word = KINSHIP.find((candidate) => start === candidate || start.startsWith(`${candidate} `) || start.startsWith(`${candidate},`))
  return word ? normalise(word) : null
}

/**
 * Who someone is to the person, in words: "sa mère (Nadia Morel)", "son
 * représentant légal (…)", or the name and role when the mission says nothing.
 */
export function relationOf(member: Member | undefined, name: string, role: string | null, t: TFunction): string {
  const kinship = member ? kinshipOf(member.mission) : null
  if (kinship) return t('writtenBy.kin', { relation: t(`kinship.${kinship}`, { defaultValue: kinship }), name })
  if (role === 'legalRepresentative' || member?.role === 'legalRepresentative') return t('writtenBy.legalRepresentative', { name })
  if (role === 'relative' || member?.role === 'relative') return t('writtenBy.relative', { name })
  return name
}

/**
 * Labels each block of a person's-section fragment that someone other than
 * the person wrote: "écrit par sa mère (Nadia Morel)", or "complété par …"
 * when the person wrote part of it too.
 */
export function personSectionLabeller({ lookup, members, personUserId, t }: { lookup: AuthorLookup; members: Member[]; personUserId: string | null; t: TFunction }): BlockLabeller {
  return (block: Y.XmlElement | Y.XmlText | Y.XmlHook) => {
    const counts = charactersByClient(block)
    const others = new Map<string, { name: string; role: string | null }>()
    let byPerson = 0
    for (const [clientId, characters] of counts) {
      if (characters === 0) continue
      const author = lookup.authorOf(clientId)
      if (!author) {
        lookup.missing(clientId)
        continue
      }
      if (author.userId === personUserId) byPerson += characters
      else others.set(author.userId, { name: author.name, role: author.role })
    }
    if (others.size === 0) return null
    const who = [...others.entries()].map(([userId, author]) => relationOf(members.find((member) => member.userId === userId), author.name, author.role, t))
    const authorId = [...others.keys()].join(' ')
    return { text: t(byPerson > 0 ? 'writtenBy.completedBy' : 'writtenBy.by', { who: who.join(', ') }), authorId }
  }
}
