import type { Content, TableCell } from 'pdfmake/interfaces'
import type { MinutesModel } from '../minutes-model.ts'
import { describeChange } from '../minutes-html.ts'
import { FR, frenchDateTime, frenchDay } from '../labels-fr.ts'
import { renderPdf } from './render.ts'
import { followUpMinutesPdf } from '../follow-up-sections.ts'

const cell = (text: string): TableCell => ({ text, style: 'cell' })
const header = (text: string): TableCell => ({ text, style: 'tableHeader' })
const KIND = { goal: 'Objectif', action: 'Action', unmet: 'Besoin' } as const
const CHANGE = { added: 'Ajouté', removed: 'Retiré', restored: 'Rétabli', changed: 'Modifié' } as const

/** The minutes as an A4 PDF, from the same model as the HTML. */
export function renderMinutesPdf(model: MinutesModel): Promise<Buffer> {
  const title = `Compte rendu — ${model.situationTitle}`
  const table = (widths: string[], head: string[], rows: string[][]): Content => ({
    table: { headerRows: 1, widths, body: [head.map(header), ...rows.map((row) => row.map(cell))] },
    layout: 'lightHorizontalLines',
  })
  const content: Content[] = [
    { text: `Compte rendu — ${FR.meetingKind[model.kind]}`, style: 'title' },
    { text: `${model.situationTitle}${model.title ? ` — ${model.title}` : ''}`, style: 'subtitle' },
    { text: `Le ${frenchDateTime(model.startsAt)}${model.place ? `, ${model.place}` : ''}. Réunion convoquée par ${model.convener}.${model.coordinator ? ` Coordination : ${model.coordinator}.` : ''}${model.versionLabel ? ` Version validée : « ${model.versionLabel} ».` : ''}` },
    { text: 'Participants', style: 'h2' },
    table(['35%', '25%', '*'], ['Nom', 'Rôle', 'Présence'], model.attendance.map((a) => [a.name, a.role ? FR.role[a.role as keyof typeof FR.role] : 'Invité', FR.attendanceMode[a.mode]])),
    { text: `La personne : ${model.person.present ? 'présente' : 'absente'}${model.person.wroteDuringMeeting ? ', a écrit dans sa partie pendant la réunion' : ''}${model.person.relativePresent ? ' ; un proche était présent' : ''}.`, margin: [0, 4, 0, 0] },
    { text: 'Ce qui a changé dans le plan', style: 'h2' },
    model.changes.length
      ? table(['35%', '*', '22%'], ['Quoi', 'Changement', 'Porteur et échéance'], model.changes.map((c) => [`${KIND[c.kind]} : ${c.title}`, `${CHANGE[c.change]}${c.fields.length ? ` — ${describeChange(c)}` : ''}`, c.kind === 'action' ? `${c.ownerName ?? '—'}, ${frenchDay(c.dueDate ?? null)}` : '']))
      : { text: 'Aucun changement.' },
    { text: 'Décisions', style: 'h2' },
    model.decisions.length ? { ul: model.decisions.map((d) => `${d.text} — responsable : ${d.by}${d.linked ? ` ; lié à « ${d.linked} »` : ''}`) } : { text: 'Aucune décision enregistrée.' },
    ...(model.commitments.length
      ? [{ text: 'Engagements des partenaires', style: 'h2' } as Content, table(['40%', '30%', '*'], ['Action', 'Partenaire', 'Engagement'], model.commitments.map((c) => [c.action, c.partner, `${c.status}${c.comment ? ` — « ${c.comment} »` : ''}`]))]
      : []),
    // Left out for a reader without the person part (model.views is null then).
    ...(model.views === null
      ? []
      : [
          { text: 'Avis de la personne et de ses proches', style: 'h2' } as Content,
          model.views.length ? { ul: model.views.map((v) => `« ${v.about} » : ${v.opinion}${v.comment ? ` — « ${v.comment} »` : ''} (${v.by})`) } : { text: 'Aucun avis exprimé.' },
        ]),
    ...followUpMinutesPdf(model.followUp),
    { text: 'Suite', style: 'h2' },
    { text: `Prochaine révision du plan : ${frenchDay(model.reviewDate)}.${model.nextMeeting ? ` Prochaine réunion : ${frenchDateTime(model.nextMeeting)}.` : ''}` },
    ...(model.notes ? [{ text: 'Notes', style: 'h2' } as Content, { text: model.notes }] : []),
  ]
  return renderPdf(title, content)
}
