import type { Content, TableCell } from 'pdfmake/interfaces'
import { parisDayOf } from '../../../shared/domain/dates.ts'
import type { PlanModel } from '../plan-model.ts'
import { followUpMinutesPdf } from '../follow-up-sections.ts'
import { FR, frenchDateTime, frenchDay } from '../labels-fr.ts'
import { renderPdf } from './render.ts'

const cell = (text: string): TableCell => ({ text, style: 'cell' })
const header = (text: string): TableCell => ({ text, style: 'tableHeader' })

/** The person and contacts block shared by every layout. */
export function contactsBlock(model: PlanModel): Content[] {
  return [
    { text: '1. Personne et contacts', style: 'h2' },
    {
      columns: [
        { text: [{ text: 'Personne accompagnée : ', bold: true }, model.personName || '—'] },
        { text: [{ text: 'Coordination : ', bold: true }, model.coordinator ?? '—'] },
        { text: [{ text: 'Prochaine révision : ', bold: true }, frenchDay(model.reviewDate)] },
      ],
      margin: [0, 0, 0, 6],
    },
    {
      table: {
        headerRows: 1,
        widths: ['22%', '16%', '22%', '*'],
        body: [
          [header('Membre du cercle'), header('Rôle'), header('Organisation'), header('Mission (qui fait quoi)')],
          ...model.members.map((m) => [cell(m.name), cell(FR.role[m.role]), cell(m.organisation || '—'), cell(m.mission || '—')]),
        ],
      },
      layout: 'lightHorizontalLines',
    },
  ]
}

function goalsBlock(model: PlanModel): Content[] {
  const pag = model.kind === 'pag'
  const blocks: Content[] = [{ text: '3. Objectifs partagés et actions', style: 'h2' }]
  model.goals.forEach((goal, index) => {
    blocks.push({ text: `${index + 1}. ${goal.title}`, style: 'h3' })
    blocks.push({
      text: [
        { text: 'Domaine : ', bold: true },
        goal.domain ? FR.domain[goal.domain] : '—',
        { text: '   Échéance : ', bold: true },
        frenchDay(goal.dueDate),
        { text: '   Statut : ', bold: true },
        FR.goalStatus[goal.status],
      ],
      fontSize: 9,
    })
    if (goal.expectedResult) blocks.push({ text: [{ text: 'Résultat attendu : ', bold: true }, goal.expectedResult], fontSize: 9, margin: [0, 2, 0, 2] })
    if (goal.personView) {
      blocks.push({ text: [{ text: 'Avis de la personne : ', bold: true }, `${FR.opinion[goal.personView.opinion]}${goal.personView.comment ? ` — « ${goal.personView.comment} »` : ''}`], fontSize: 9 })
    }
    for (const view of goal.relativeViews) {
      blocks.push({ text: [{ text: `Avis de ${view.byName || 'un proche'} : `, bold: true }, `${FR.opinion[view.opinion]}${view.comment ? ` — « ${view.comment} »` : ''}`], fontSize: 9 })
    }
    if (goal.actions.length > 0) {
      const widths = pag ? ['*', '20%', '9%', '13%', '14%', '14%'] : ['*', '22%', '9%', '14%', '16%', '12%']
      blocks.push({
        table: {
          headerRows: 1,
          widths,
          body: [
            [header('Action'), header('Qui'), header('Volet'), header('Échéance'), header('Fréquence'), header(pag ? 'Engagement' : 'Statut')],
            ...goal.actions.map((action) => [
              cell(action.title),
              cell(action.owner),
              cell(action.sector ? FR.actionSector[action.sector] : '—'),
              cell(frenchDay(action.dueDate)),
              cell(action.frequency ?? '—'),
              cell(
                pag
                  ? action.commitment
                    ? `${FR.commitment[action.commitment.status]} (${action.commitment.byName}, ${frenchDay(parisDayOf(action.commitment.at))})`
                    : 'Non sollicité'
                  : FR.actionStatus[action.status],
              ),
            ]),
          ],
        },
        layout: 'lightHorizontalLines',
        margin: [0, 4, 0, 4],
      })
    }
  })
  return blocks
}

function unmetBlock(model: PlanModel): Content[] {
  if (model.unmet.length === 0) return []
  const pag = model.kind === 'pag'
  return [
    { text: pag ? '4. Réponse cible et réponse alternative' : '4. Besoins non couverts', style: 'h2' },
    {
      table: {
        headerRows: 1,
        widths: ['30%', '35%', '35%'],
        body: [
          [header('Besoin'), header('Réponse cible'), header('Réponse alternative immédiate')],
          ...model.unmet.map((u) => [cell(u.need), cell(u.targetAnswer || '—'), cell(u.alternativeAnswer || '—')]),
        ],
      },
      layout: 'lightHorizontalLines',
    },
  ]
}

/** The validation and agreement lines at the end of the plan. */
function validationBlock(model: PlanModel): Content[] {
  const lines: Content[] = [{ text: 'Validation et accord', style: 'h2' }]
  lines.push({
    text: model.version
      ? [{ text: 'Version validée : ', bold: true }, `« ${model.version.label} », le ${frenchDateTime(model.version.createdAt)} par ${model.version.createdByName}`]
      : 'Plan en cours, non validé.',
  })
  lines.push({
    text: model.agreement
      ? [
          { text: 'Accord de la personne : ', bold: true },
          `${FR.agreement[model.agreement.status]} — ${model.agreement.byName}, le ${frenchDateTime(model.agreement.at)}${model.agreement.comment ? ` : « ${model.agreement.comment} »` : ''}`,
        ]
      : [{ text: 'Accord de la personne : ', bold: true }, 'pas encore recueilli'],
    margin: [0, 4, 0, 0],
  })
  return lines
}

/** The plan of a validated version: PPCS layout, or PAG with target/alternative answers and named commitments. */
export function renderPlanPdf(model: PlanModel): Promise<Buffer> {
  const content: Content[] = [
    { text: model.title, style: 'title' },
    { text: FR.kind[model.kind], style: 'subtitle' },
    ...contactsBlock(model),
    { text: '2. Évaluation des besoins par domaine', style: 'h2' },
    ...model.assessment.flatMap((entry): Content[] => [
      { text: FR.domain[entry.domain], style: 'h3' },
      { text: entry.text, fontSize: 9.5 },
    ]),
    ...goalsBlock(model),
    ...unmetBlock(model),
    ...followUpMinutesPdf(model.followUp),
    ...validationBlock(model),
  ]
  return renderPdf(model.title, content)
}
