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
 * The daily digest of one user: how many things wait, of which kind, in how
 * many situations, and one link to "À faire". Only counts: no situation
 * title (a title may name an illness), no action title, no note, nothing
 * from the health record. The detail is behind the login.
 */
export function digestMail(items: TodoItem[], link: string): { subject: string; text: string; html: string } {
  const counts = new Map<TodoKind, number>()
  for (const item of items) counts.set(item.kind, (counts.get(item.kind) ?? 0) + 1)
  const situations = new Set(items.map((item) => item.situationId ?? '')).size
  const lines = [...counts].map(([kind, n]) => `• ${n} ${KIND_WORDS[kind][n > 1 ? 1 : 0]}`)
  return composeMail({
    subject: `Concerto — ${items.length} ${items.length > 1 ? 'choses vous attendent' : 'chose vous attend'}`,
    paragraphs: [
      `Voici ce qui vous attend dans Concerto aujourd’hui${situations > 1 ? `, dans ${situations} situations` : ''} :`,
      ...lines,
      'Le détail est dans votre liste « À faire », après connexion.',
    ],
    link,
    linkLabel: 'Ouvrir ma liste « À faire »',
    footnote: 'Vous pouvez arrêter ce récapitulatif quotidien depuis la page « À faire ».',
  })
}
