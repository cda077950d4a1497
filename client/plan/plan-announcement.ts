import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { readActions, readGoals, readUnmet } from '../../shared/schema/plan.ts'
import type { CollabDoc } from '../collab/use-collab-doc.ts'
import { useRemoteChangeAnnouncement, type ChangePlace } from '../collab/remote-changes.ts'

/**
 * The plan's polite announcement of remote changes: who changed which
 * domain, goal or action, once per burst ("Sophie Durand a modifié :
 * Évaluation — Autonomie, objectif « … »").
 */
export function usePlanAnnouncement(collab: CollabDoc | null): string {
  const { t } = useTranslation()
  const doc = collab?.doc ?? null
  const describe = useCallback(
    (place: ChangePlace): string | null => {
      if (!doc) return null
      if (place.root === 'assessment' && place.key) return t('announce.assessment', { domain: t(`domain.${place.key}`, { defaultValue: place.key }) })
      if (place.root === 'goals') {
        const goal = place.key ? readGoals(doc).find((row) => row.id === place.key) : undefined
        return t('announce.goal', { title: goal?.title || t('rows.untitled') })
      }
      if (place.root === 'actions') {
        const action = place.key ? readActions(doc).find((row) => row.id === place.key) : undefined
        return t('announce.action', { title: action?.title || t('rows.untitled') })
      }
      if (place.root === 'unmet') {
        const unmet = place.key ? readUnmet(doc).find((row) => row.id === place.key) : undefined
        return t('announce.unmet', { title: unmet?.need || t('rows.untitled') })
      }
      return null
    },
    [doc, t],
  )
  const format = useCallback((writers: string[], places: string[]) => t('announce.changed', { who: writers.join(', ') || t('announce.someone'), places: places.join(', ') }), [t])
  return useRemoteChangeAnnouncement(doc, collab?.provider ?? null, describe, format)
}
