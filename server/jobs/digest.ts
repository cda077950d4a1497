import { composeMail } from '../mail/index.ts'
import type { TodoItem, TodoKind } from '../domain/todo.ts'

/** How each kind of waiting thing is counted in the digest (French, no plan text). */
const KIND_WORDS: Record<TodoKind, [string, string]> = {
  review: ['révision du plan à préparer', 'révisions du plan à préparer'],
  action: ['action en retard', 'actions en retard'],
  progress: ['point d’étape demandé', 'points d’étape demandés'],
  agreement: ['avis sur le plan attendu', 'avis sur le plan attendus'],
  commitment: ['engagement attendu', 'engagements attendus'],
  invitation: ['invitation sans réponse', 'invitations sans réponse'],
  request: ['demande en attente', 'demandes en attente'],
}

/**
 * The daily digest of one user: per situation, how many things wait and of
 * which kind, and one link to "À faire". Only counts and situation titles:
 * never an action's title, a note or anything from the health record.
 */
export function digestMail(items: TodoItem[], link: string): { subject: string; text: string; html: string } {
  const bySituation = new Map<string, { title: string; counts: Map<TodoKind, number> }>()
  for (const item of items) {
    const key = item.situationId ?? ''
    const entry = bySituation.get(key) ?? { title: item.situationTitle || 'Sans situation', counts: new Map() }
    entry.counts.set(item.kind, (entry.counts.get(item.kind) ?? 0) + 1)
    bySituation.set(key, entry)
  }
  const lines = [...bySituation.values()].map(({ title, counts }) =>
    `${title} : ${[...counts].map(([kind, n]) => `${n} ${KIND_WORDS[kind][n > 1 ? 1 : 0]}`).join(', ')}.`,
  )
  return composeMail({
    subject: `Concerto — ${items.length} ${items.length > 1 ? 'choses vous attendent' : 'chose vous attend'}`,
    paragraphs: ['Voici ce qui vous attend dans Concerto aujourd’hui.', ...lines, 'Le détail est dans votre liste « À faire », après connexion.'],
    link,
    linkLabel: 'Ouvrir ma liste « À faire »',
    footnote: 'Vous pouvez arrêter ce récapitulatif quotidien depuis la page « À faire ».',
  })
}
