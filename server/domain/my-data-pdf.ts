import type { Content } from 'pdfmake/interfaces'
import { renderPdf } from '../export/pdf/render.ts'
import { FR } from '../export/labels-fr.ts'
import type { MyData } from './my-data.ts'

const OPENED_FR: Record<string, string> = {
  plan: 'le plan',
  health: 'le volet santé',
  person: 'votre partie',
  situation: 'la situation',
  identity: 'votre identité',
  pdf: 'le plan en PDF',
  minutes: 'un compte rendu',
  myData: 'l’export de vos données',
  audit: 'le journal',
}
const parisTime = (iso: string) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(iso))
const orDash = (text: string | null | undefined) => (text && text.trim() ? text : '—')
const table = (headers: string[], rows: string[][]): Content =>
  rows.length === 0
    ? { text: 'Aucun élément.', style: 'small' }
    : {
        table: { headerRows: 1, widths: headers.map(() => '*'), body: [headers.map((h) => ({ text: h, style: 'tableHeader' })), ...rows.map((r) => r.map((c) => ({ text: c, style: 'cell' })))] },
        layout: 'lightHorizontalLines',
      }

/** "Mes données" as a PDF: the same content as the JSON export, in French, for the person to read or print. */
export function renderMyDataPdf(data: MyData): Promise<Buffer> {
  const id = data.identity
  const role = (r: string) => (FR.role as Record<string, string> | undefined)?.[r] ?? r
  const content: Content[] = [
    { text: `Mes données — ${data.situation.title}`, style: 'title' },
    { text: `Export du ${parisTime(data.exportedAt)}. Tout ce que Concerto conserve sur vous dans cette situation.`, style: 'subtitle' },
    { text: 'Mon identité', style: 'h2' },
    table(['Champ', 'Valeur'], [
      ['Nom', orDash(id.name)],
      ['Date de naissance', orDash(id.birthDate)],
      ['Adresse', orDash(id.address)],
      ['Téléphone', orDash(id.phone)],
      ['Personne de confiance', orDash([id.trustedPerson.name, id.trustedPerson.contact].filter(Boolean).join(', '))],
      ['Mesure de protection', orDash(id.legalProtection === 'none' ? 'Aucune' : id.legalProtection)],
      ['Médecin traitant', orDash([id.generalPractitioner.name, id.generalPractitioner.contact].filter(Boolean).join(', '))],
    ]),
    { text: 'Le cercle', style: 'h2' },
    table(['Nom', 'Rôle', 'Structure', 'Mission'], data.circle.map((m) => [m.name, role(m.role), orDash(m.organisation), orDash(m.mission)])),
    { text: 'Le plan', style: 'h2' },
    ...data.plan.assessment.flatMap((a): Content[] => (a.text.trim() ? [{ text: a.domain, style: 'h3' }, { text: a.text }] : [])),
    ...data.plan.goals.flatMap((g): Content[] => [
      { text: `Objectif : ${g.title}`, style: 'h3' },
      { text: orDash(g.expectedResult) },
      { ul: g.actions.map((a) => `${a.title} — ${a.owner}${a.dueDate ? `, pour le ${a.dueDate}` : ''}`) },
    ]),
    { text: 'Ma partie', style: 'h2' },
    { text: orDash(data.personSection.lifeProject) },
    ...Object.entries(data.personSection.sections).flatMap(([key, text]): Content[] => (text.trim() ? [{ text: key, style: 'small' }, { text }] : [])),
    { text: 'Volet santé', style: 'h2' },
    { text: orDash(data.health.notes) },
    { text: 'Versions du plan', style: 'h2' },
    table(['Version', 'Date', 'Par', 'Mon accord'], data.versions.map((v) => [v.label, parisTime(v.createdAt), orDash(v.createdBy), v.agreement?.status ?? '—'])),
    { text: 'Réunions et comptes rendus', style: 'h2' },
    table(['Réunion', 'Date', 'État'], data.meetings.map((m) => [orDash(m.title || m.kind), parisTime(m.startsAt), m.status])),
    { text: 'Mon consentement', style: 'h2' },
    table(['Choix', 'Comment', 'Date'], data.consent.map((c) => [c.status === 'agreed' ? 'Accord' : 'Opposition', c.how, parisTime(c.givenAt)])),
    { text: 'Qui a consulté mon dossier', style: 'h2' },
    table(['Quand', 'Qui', 'Quoi'], data.accessLog.map((e) => [parisTime(e.at), `${orDash(e.name)}${e.role ? ` (${role(e.role)})` : ''}`, OPENED_FR[e.opened] ?? e.opened])),
    { text: 'Conservation', style: 'h2' },
    { text: data.situation.retainUntil ? `Ces données seront effacées après le ${parisTime(data.situation.retainUntil)}.` : 'La situation est ouverte : une durée de conservation commencera à sa clôture.' },
  ]
  return renderPdf(`Mes données — ${data.situation.title}`, content)
}
