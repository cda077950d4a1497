import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type * as Y from 'yjs'
import { readActions, readGoals } from '../../shared/schema/plan.ts'
import type { Peer, PresenceFocus } from '../collab/presence.ts'

/** Where a focus path points, in words ("objectif « … »", "évaluation : Santé"). */
export function describeFocus(focus: PresenceFocus, doc: Y.Doc, t: TFunction): string {
  const [root, key] = focus.path.split('/')
  if (focus.part === 'health') return t('presence.focusHealth')
  if (root === 'assessment' && key) return t('presence.focusAssessment', { domain: t(`domain.${key}`) })
  if (root === 'goals' && key) {
    const goal = readGoals(doc).find((row) => row.id === key)
    return t('presence.focusGoal', { title: goal?.title || t('rows.untitled') })
  }
  if (root === 'actions' && key) {
    const action = readActions(doc).find((row) => row.id === key)
    return t('presence.focusAction', { title: action?.title || t('rows.untitled') })
  }
  if (root === 'unmet') return t('presence.focusUnmet')
  return focus.path
}

export const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter((word) => /^\p{L}/u.test(word))
    .slice(0, 2)
    .map((word) => word[0]!.toUpperCase())
    .join('')

/** Who is here: name, role, colour, and what each is working on. */
export function PresenceBar({ peers, doc }: { peers: Peer[]; doc: Y.Doc }) {
  const { t } = useTranslation()
  return (
    <section className="presence" aria-labelledby="presence-title">
      <h2 id="presence-title" className="presence-title">
        {t('presence.title')}
      </h2>
      <ul className="presence-list" aria-live="polite">
        {peers.map((peer) => (
          <li key={peer.clientId} className="presence-peer" data-user-id={peer.user.id}>
            <span className="avatar" style={{ backgroundColor: peer.user.color }} aria-hidden="true">
              {initials(peer.user.name)}
            </span>
            <span className="presence-text">
              <span className="presence-name">
                {peer.user.name} {peer.isMe && <span className="muted">{t('presence.you')}</span>}
              </span>
              <span className="presence-role">{t(`role.${peer.user.role}`)}</span>
              {peer.focus && (
                <span className="presence-focus" data-focus-path={peer.focus.path}>
                  {t('presence.editing', { place: describeFocus(peer.focus, doc, t) })}
                </span>
              )}
            </span>
          </li>
        ))}
      </ul>
      {peers.filter((peer) => !peer.isMe).length === 0 && <p className="muted small">{t('presence.alone')}</p>}
    </section>
  )
}

/** Small coloured chips showing who is on a row or domain right now. */
export function FocusChips({ peers }: { peers: Peer[] }) {
  const { t } = useTranslation()
  if (peers.length === 0) return null
  return (
    <span className="focus-chips" aria-label={t('presence.here', { names: peers.map((peer) => peer.user.name).join(', ') })} role="note">
      {peers.map((peer) => (
        <span key={peer.clientId} className="focus-chip" style={{ backgroundColor: peer.user.color }} title={peer.user.name}>
          {peer.user.name}
        </span>
      ))}
    </span>
  )
}
