import { isCalendarDate } from '../../shared/domain/dates.ts'

/** French labels of the exports (PDF, minutes): the documents people print and file are in French. */
export const FR = {
  kind: { pag: 'Plan d’accompagnement global (PAG)', pps: 'Plan personnalisé de santé (PPS)', ppcs: 'Plan personnalisé de coordination en santé (PPCS)' },
  domain: {
    health: 'Santé',
    autonomy: 'Autonomie',
    participation: 'Participation sociale',
    caregivers: 'Aidants',
    environment: 'Environnement',
  },
  role: {
    coordinator: 'Coordination',
    professional: 'Professionnel',
    person: 'Personne accompagnée',
    relative: 'Proche',
    legalRepresentative: 'Représentant légal',
    observer: 'Observateur',
  },
  sector: { health: 'Sanitaire', social: 'Social', medicosocial: 'Médico-social', mainstream: 'Droit commun' },
  goalStatus: { open: 'En cours', achieved: 'Atteint', unmet: 'Non atteint', dropped: 'Abandonné' },
  actionStatus: { todo: 'À faire', doing: 'En cours', done: 'Fait', dropped: 'Abandonnée' },
  actionSector: { care: 'Soins', help: 'Aide' },
  commitment: { proposed: 'Proposé', accepted: 'Accepté', declined: 'Refusé' },
  agreement: { agreed: 'D’accord', notAgreed: 'Pas d’accord', pending: 'En attente' },
  opinion: { agree: 'D’accord', unsure: 'Pas sûr', disagree: 'Pas d’accord' },
  meetingKind: { gos: 'Groupe opérationnel de synthèse (GOS)', msp: 'Concertation pluriprofessionnelle (MSP)', dac: 'Revue de situation complexe (DAC)', synthesis: 'Réunion de synthèse' },
  attendanceMode: { connected: 'Connecté à Concerto', room: 'Présent dans la salle', video: 'Visioconférence', phone: 'Téléphone', written: 'Contribution écrite', absent: 'Absent' },
} as const

// Made on first use, not at module load: a time-zone formatter maps ICU's data (~8 MB resident).
let dayFormatter: Intl.DateTimeFormat | null = null
let dateTimeFormatter: Intl.DateTimeFormat | null = null
const dayFormat = () => (dayFormatter ??= new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' }))
const dateTimeFormat = () => (dateTimeFormatter ??= new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' }))

/** `YYYY-MM-DD` → "8 février 2027" (a calendar day, no time zone shift). */
export const frenchDay = (date: string | null | undefined): string => {
  if (date === null || date === undefined || date === '') return '—'
  // A stored value that is not a calendar day (old data, a forged update) is
  // printed as it is, marked, never thrown: an export must not answer 500.
  if (!isCalendarDate(date)) return `${String(date)} (date invalide)`
  return dayFormat().format(new Date(`${date}T12:00:00Z`))
}
/** An ISO instant shown in Europe/Paris. */
export const frenchDateTime = (iso: string | null | undefined): string => {
  if (iso === null || iso === undefined || iso === '') return '—'
  const instant = new Date(iso)
  if (Number.isNaN(instant.getTime())) return `${String(iso)} (date invalide)`
  return dateTimeFormat().format(instant)
}
