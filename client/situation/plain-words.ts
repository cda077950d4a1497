import type { TFunction } from 'i18next'
import type { Action } from '../../shared/schema/plan.ts'
import type { Member } from '../api/types.ts'
import { formatDate } from '../app/i18n.ts'

/*
 * An action in plain words, one idea per line: written for the easy-read plan and read by the
 * person's own goal view too, so it sits in the situation shell rather than in either feature.
 */

/** The first clause of a mission, as a short role: "Soins infirmiers à domicile, pilulier" → "soins infirmiers à domicile". */
export function shortMission(mission: string): string {
  const first = mission.split(/[,;(]/)[0]?.trim() ?? ''
  return first ? first.charAt(0).toLowerCase() + first.slice(1) : ''
}

/** Who carries an action, in plain words: "Sophie Durand, infirmière" (the profession, else the mission's first clause) or the organisation's name. */
export function ownerInWords(owner: string | null, members: readonly Member[], t: TFunction): string {
  if (!owner) return t('easy.nobodyYet')
  const member = members.find((candidate) => candidate.id === owner)
  if (!member) return owner
  const role = member.profession?.trim() || shortMission(member.mission)
  return role ? `${member.name}, ${role}` : member.name
}

/**
 * One action as short sentences, one idea per line:
 * "Sophie Durand, soins infirmiers à domicile, s'en occupe." / "Chaque matin." / "À faire avant le 12 mars 2026."
 */
export function actionLines(action: Action, members: readonly Member[], t: TFunction, language: string): string[] {
  const lines = [t('easy.who', { who: ownerInWords(action.owner, members, t) })]
  if (action.frequency) lines.push(t('easy.when', { when: action.frequency.charAt(0).toLowerCase() + action.frequency.slice(1) }))
  const due = formatDate(action.dueDate, language)
  if (due) lines.push(action.status === 'done' ? t('easy.doneBy', { date: due }) : t('easy.dueBy', { date: due }))
  return lines
}
