import { useTranslation } from 'react-i18next'
import type * as Y from 'yjs'
import { personRoots, readRelativeViews, readView, type View } from '../../shared/schema/person.ts'
import type { Member } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'
import { useYRead } from '../collab/use-y.ts'
import { OPINION_ICONS } from '../ui/opinion-icons.ts'
import { relationOf } from './written-by.ts'

/**
 * The person's view (and each relative's) on one goal or action, read live
 * from the person's section: shown to professionals beside the row in the
 * plan, and to the person beside their relatives' views (both screens: hence
 * the situation shell).
 */
export function RowViews({ doc, rowId, members, exceptUserId, compact = false }: { doc: Y.Doc; rowId: string; members: readonly Member[]; exceptUserId?: string; compact?: boolean }) {
  const { t, i18n } = useTranslation()
  const roots = personRoots(doc)
  const views = useYRead([roots.views, roots.relativeViews], () => {
    const own = readView(doc, rowId)
    return [...(own ? [{ view: own, relative: false }] : []), ...readRelativeViews(doc, rowId).map((view) => ({ view, relative: true }))]
  })
  const shown = views.filter(({ view }) => view.by !== exceptUserId)
  if (shown.length === 0) return null
  const person = members.find((member) => member.role === 'person')
  const whose = (view: View, relative: boolean) => {
    const member = members.find((candidate) => candidate.userId === view.by)
    if (!relative) return member && member.role === 'legalRepresentative' ? relationOf(member, member.name, member.role, t) : (person?.name ?? member?.name ?? '')
    return relationOf(member, member?.name ?? '', 'relative', t)
  }
  return (
    <ul className={compact ? 'row-views row-views-compact' : 'row-views'} data-testid="row-views" aria-label={t('views.title')}>
      {shown.map(({ view, relative }) => {
        const Icon = OPINION_ICONS[view.opinion]
        return (
          <li key={`${relative ? 'r' : 'p'}-${view.by}`} className={`row-view opinion-${view.opinion}`} data-view-by={view.by} data-opinion={view.opinion}>
            <Icon aria-hidden="true" size={18} />
            <span>
              <strong>{t(relative ? 'views.relativeView' : 'views.personView', { who: whose(view, relative) })}</strong> {t(`views.opinion.${view.opinion}`)}
              {view.comment && <span className="row-view-comment"> — « {view.comment} »</span>}
              {view.at && <span className="muted small"> ({formatDate(view.at, i18n.language, 'medium')})</span>}
            </span>
          </li>
        )
      })}
    </ul>
  )
}
