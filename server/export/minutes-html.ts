import { html, raw } from 'hono/html'
import type { MinutesModel } from './minutes-model.ts'
import { FR, frenchDateTime, frenchDay } from './labels-fr.ts'
import { followUpMinutesHtml } from './follow-up-sections.ts'

const FIELD_LABEL: Record<string, string> = {
  title: 'intitulé',
  goalId: 'objectif',
  owner: 'porteur',
  sector: 'volet',
  start: 'début',
  dueDate: 'échéance',
  frequency: 'fréquence',
  status: 'statut',
  commitment: 'engagement',
  domain: 'domaine',
  expectedResult: 'résultat attendu',
  need: 'besoin',
  targetAnswer: 'réponse cible',
  alternativeAnswer: 'réponse alternative',
}
const CHANGE_LABEL = { added: 'Ajouté', removed: 'Retiré', restored: 'Rétabli', changed: 'Modifié' } as const
const KIND_LABEL = { goal: 'Objectif', action: 'Action', unmet: 'Besoin non couvert' } as const

/** The French labels of a field's enumerated values, by row kind (a goal's status is not an action's). */
const VALUE_LABEL: Record<MinutesModel['changes'][number]['kind'], Record<string, Readonly<Record<string, string>>>> = {
  goal: { status: FR.goalStatus, domain: FR.domain },
  action: { status: FR.actionStatus, commitment: FR.commitment, sector: { ...FR.sector, ...FR.actionSector }, domain: FR.domain },
  unmet: { domain: FR.domain },
}

/** Human labels of field changes ("échéance : 12 janvier → 1er février", "statut : À faire → Fait"). */
export function describeChange(change: MinutesModel['changes'][number]): string {
  return change.fields
    .map((field) => {
      const labels = VALUE_LABEL[change.kind]?.[field.field]
      const show = (value: string | null) => {
        if (value === null || value === '') return '—'
        if (labels && Object.hasOwn(labels, value)) return labels[value]!
        return /^\d{4}-\d{2}-\d{2}$/.test(value) ? frenchDay(value) : value
      }
      return `${FIELD_LABEL[field.field] ?? field.field} : ${show(field.before)} → ${show(field.after)}`
    })
    .join(' ; ')
}

/** The minutes (compte rendu) as a standalone UTF-8 HTML page: escaped text only, no script. */
export function renderMinutesHtml(model: MinutesModel): string {
  const page = html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Compte rendu — ${model.situationTitle}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#0f172a;line-height:1.5}
h1{color:#1e3a5f;font-size:1.6rem}h2{color:#1e3a5f;font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #cbd5e1}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e2e8f0;vertical-align:top}
th{background:#f1f5f9}.muted{color:#475569}
</style>
</head>
<body>
<main>
<h1>Compte rendu — ${FR.meetingKind[model.kind]}</h1>
<p><strong>${model.situationTitle}</strong>${model.title ? html` — ${model.title}` : ''}</p>
<p class="muted">Le ${frenchDateTime(model.startsAt)}${model.place ? html`, ${model.place}` : ''}. Réunion convoquée par ${model.convener}.${model.coordinator ? html` Coordination : ${model.coordinator}.` : ''}${model.versionLabel ? html` Version validée : « ${model.versionLabel} ».` : ''}</p>

<h2>Participants</h2>
<table><thead><tr><th>Nom</th><th>Rôle</th><th>Présence</th></tr></thead><tbody>
${model.attendance.map((a) => html`<tr><td>${a.name}</td><td>${a.role ? FR.role[a.role as keyof typeof FR.role] : 'Invité'}</td><td>${FR.attendanceMode[a.mode]}${a.source === 'manual' ? ' (noté par la coordination)' : ''}</td></tr>`)}
</tbody></table>
${model.invitedAbsent.length ? html`<p class="muted">Invités absents : ${model.invitedAbsent.join(', ')}.</p>` : ''}
<p><strong>La personne :</strong> ${model.person.present ? 'présente' : 'absente'}${model.person.wroteDuringMeeting ? ', a écrit dans sa partie pendant la réunion' : ''}${model.person.relativePresent ? ' ; un proche était présent' : ''}.</p>

${model.agenda.length ? html`<h2>Ordre du jour</h2><ol>${model.agenda.map((item) => html`<li>${item.title}</li>`)}</ol>` : ''}

<h2>Ce qui a changé dans le plan</h2>
${model.changes.length === 0 ? html`<p class="muted">Aucun changement.</p>` : html`<table><thead><tr><th>Quoi</th><th>Changement</th><th>Porteur et échéance</th></tr></thead><tbody>
${model.changes.map((c) => html`<tr><td>${KIND_LABEL[c.kind]} : ${c.title}</td><td>${CHANGE_LABEL[c.change]}${c.fields.length ? html` — ${describeChange(c)}` : ''}</td><td>${c.kind === 'action' ? html`${c.ownerName ?? '—'}, ${frenchDay(c.dueDate ?? null)}` : ''}</td></tr>`)}
</tbody></table>`}

<h2>Décisions</h2>
${model.decisions.length === 0 ? html`<p class="muted">Aucune décision enregistrée.</p>` : html`<ul>${model.decisions.map((d) => html`<li>${d.text} <span class="muted">— responsable : ${d.by}${d.linked ? html` ; lié à « ${d.linked} »` : ''}</span></li>`)}</ul>`}

${model.commitments.length ? html`<h2>Engagements des partenaires</h2><table><thead><tr><th>Action</th><th>Partenaire</th><th>Engagement</th></tr></thead><tbody>
${model.commitments.map((c) => html`<tr><td>${c.action}</td><td>${c.partner}</td><td>${c.status}${c.comment ? html` — « ${c.comment} »` : ''}</td></tr>`)}</tbody></table>` : ''}

${model.views === null ? '' : html`<h2>Avis de la personne et de ses proches</h2>
${model.views.length === 0 ? html`<p class="muted">Aucun avis exprimé.</p>` : html`<ul>${model.views.map((v) => html`<li>« ${v.about} » : ${v.opinion}${v.comment ? html` — « ${v.comment} »` : ''} <span class="muted">(${v.by})</span></li>`)}</ul>`}`}

${followUpMinutesHtml(model.followUp)}
<h2>Suite</h2>
<p>Prochaine révision du plan : ${frenchDay(model.reviewDate)}.${model.nextMeeting ? html` Prochaine réunion : ${frenchDateTime(model.nextMeeting)}.` : ''}</p>
${model.notes ? html`<h2>Notes</h2><p>${raw(escapeLines(model.notes))}</p>` : ''}
</main>
</body>
</html>`
  return String(page)
}

/** Escapes text and keeps its line breaks. */
const escapeLines = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!).replace(/\n/g, '<br>')
