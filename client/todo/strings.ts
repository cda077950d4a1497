import i18next from 'i18next'
import { useTranslation } from 'react-i18next'

/**
 * The follow-up's own strings (À faire, point d'étape, co-evaluation,
 * easy-read minutes), registered as the i18next namespace `followUp`
 * (French first), so these folders do not touch the shared catalogs.
 */
const fr = {
  nav: { todo: 'À faire', count_one: '{{count}} chose à faire', count_other: '{{count}} choses à faire' },
  todo: {
    title: 'À faire',
    intro: 'Ce qui vous attend dans toutes vos situations, de la plus urgente à la plus lointaine.',
    empty: 'Rien ne vous attend pour le moment.',
    loadError: 'La liste n’a pas pu être chargée.',
    due: 'Pour le {{date}}',
    late: 'En retard depuis le {{date}}',
    kind: {
      review: 'Révision du plan',
      action: 'Action en retard',
      progress: 'Point d’étape',
      agreement: 'Votre avis',
      commitment: 'Engagement',
      invitation: 'Invitation',
      request: 'Demande',
    },
    digestLegend: 'Récapitulatif par courriel',
    digest: 'Recevoir chaque matin un courriel qui dit combien de choses m’attendent (sans aucun détail de santé)',
    digestSaved: 'Votre choix est enregistré.',
    digestFailed: 'Votre choix n’a pas pu être enregistré.',
  },
  progress: {
    title: 'Points d’étape demandés',
    intro: 'La coordination vous demande où en sont ces actions. Répondez en un clic.',
    askedOn: 'Demandé le {{date}}',
    done: 'C’est fait',
    underWay: 'En cours',
    blocked: 'Bloqué',
    note: 'Un mot sur l’avancement (facultatif)',
    reason: 'Qu’est-ce qui bloque ?',
    reasonRequired: 'Dites ce qui bloque avant d’envoyer.',
    send: 'Envoyer',
    cancel: 'Annuler',
    sent: 'Réponse envoyée : « {{status}} ».',
    failed: 'La réponse n’a pas pu être envoyée.',
    status: { done: 'Fait', underWay: 'En cours', blocked: 'Bloqué' },
  },
  coEvaluation: {
    title: 'Mes objectifs : où en sommes-nous ?',
    intro: 'Pour chaque objectif, dites si c’est atteint. Votre avis sera montré à côté de celui de l’équipe, à la réunion.',
    goal: 'Objectif {{n}}',
    question: 'Pour vous, cet objectif est…',
    rating: { reached: 'Atteint', partly: 'En partie', notReached: 'Pas atteint' },
    easyRating: { reached: 'C’est fait', partly: 'C’est en partie fait', notReached: 'Ce n’est pas fait' },
    comment: 'Vous pouvez dire pourquoi (facultatif)',
    save: 'Envoyer mon avis',
    saved: 'Merci, votre avis est enregistré.',
    failed: 'Votre avis n’a pas pu être enregistré. Réessayez.',
    yours: 'Votre avis : {{rating}}',
    circle: 'Avis de l’équipe : {{rating}}',
    noGoals: 'Il n’y a pas encore d’objectif dans votre plan.',
    notYours: 'Seuls la personne ou son représentant légal donnent cet avis ici.',
    link: 'Dire où en sont mes objectifs',
    back: 'Retour au plan facile à lire',
  },
  easyMinutes: {
    title: 'La réunion du {{date}}',
    listTitle: 'Les comptes rendus faciles à lire',
    open: 'Réunion du {{date}}',
    none: 'Pas encore de compte rendu.',
    decidedTitle: 'Ce qui a été décidé pour vous',
    noDecision: 'Pas de décision écrite à cette réunion.',
    newGoal: 'Nouvel objectif : {{title}}',
    whoTitle: 'Qui fait quoi',
    who: '{{who}} s’occupe de : {{title}}.',
    when: '{{when}}.',
    dueBy: 'À faire avant le {{date}}.',
    nextTitle: 'La suite',
    nextMeeting: 'La prochaine réunion aura lieu le {{date}}.',
    noNextMeeting: 'La date de la prochaine réunion n’est pas encore fixée.',
    review: 'Votre plan sera revu avant le {{date}}.',
    viewsTitle: 'Vos objectifs : votre avis et celui de l’équipe',
    yourView: 'Vous : {{rating}}',
    teamView: 'L’équipe : {{rating}}',
    back: 'Retour au plan facile à lire',
    loadError: 'Le compte rendu n’a pas pu être chargé.',
  },
}

const en: typeof fr = {
  nav: { todo: 'To do', count_one: '{{count}} thing to do', count_other: '{{count}} things to do' },
  todo: {
    title: 'To do',
    intro: 'What waits for you across your situations, most urgent first.',
    empty: 'Nothing waits for you right now.',
    loadError: 'The list could not be loaded.',
    due: 'Due {{date}}',
    late: 'Late since {{date}}',
    kind: { review: 'Plan review', action: 'Overdue action', progress: 'Progress check', agreement: 'Your view', commitment: 'Commitment', invitation: 'Invitation', request: 'Request' },
    digestLegend: 'E-mail digest',
    digest: 'Get a morning e-mail saying how many things wait for me (no health detail)',
    digestSaved: 'Your choice is saved.',
    digestFailed: 'Your choice could not be saved.',
  },
  progress: {
    title: 'Progress checks requested',
    intro: 'The coordinator asks where these actions stand. Answer in one click.',
    askedOn: 'Asked on {{date}}',
    done: 'Done',
    underWay: 'Under way',
    blocked: 'Blocked',
    note: 'A word on progress (optional)',
    reason: 'What is blocking it?',
    reasonRequired: 'Say what blocks it before sending.',
    send: 'Send',
    cancel: 'Cancel',
    sent: 'Answer sent: “{{status}}”.',
    failed: 'The answer could not be sent.',
    status: { done: 'Done', underWay: 'Under way', blocked: 'Blocked' },
  },
  coEvaluation: {
    title: 'My goals: where are we?',
    intro: 'For each goal, say whether it is reached. Your view will be shown beside the team’s at the meeting.',
    goal: 'Goal {{n}}',
    question: 'For you, this goal is…',
    rating: { reached: 'Reached', partly: 'Partly reached', notReached: 'Not reached' },
    easyRating: { reached: 'It is done', partly: 'It is partly done', notReached: 'It is not done' },
    comment: 'You can say why (optional)',
    save: 'Send my view',
    saved: 'Thank you, your view is saved.',
    failed: 'Your view could not be saved. Try again.',
    yours: 'Your view: {{rating}}',
    circle: 'The team’s view: {{rating}}',
    noGoals: 'Your plan has no goal yet.',
    notYours: 'Only the person or their legal representative gives this view here.',
    link: 'Say where my goals stand',
    back: 'Back to the easy-read plan',
  },
  easyMinutes: {
    title: 'The meeting of {{date}}',
    listTitle: 'Easy-read minutes',
    open: 'Meeting of {{date}}',
    none: 'No minutes yet.',
    decidedTitle: 'What was decided for you',
    noDecision: 'No decision was written at this meeting.',
    newGoal: 'New goal: {{title}}',
    whoTitle: 'Who does what',
    who: '{{who}} takes care of: {{title}}.',
    when: '{{when}}.',
    dueBy: 'To do before {{date}}.',
    nextTitle: 'What comes next',
    nextMeeting: 'The next meeting is on {{date}}.',
    noNextMeeting: 'The date of the next meeting is not set yet.',
    review: 'Your plan will be reviewed before {{date}}.',
    viewsTitle: 'Your goals: your view and the team’s',
    yourView: 'You: {{rating}}',
    teamView: 'The team: {{rating}}',
    back: 'Back to the easy-read plan',
    loadError: 'The minutes could not be loaded.',
  },
}

export const FOLLOW_UP_NS = 'followUp'

/**
 * Registers the namespace once i18next is initialised (the header link is
 * loaded with the app, before `setupI18n` runs, and init would drop a
 * bundle added earlier).
 */
export function ensureFollowUpStrings(): void {
  if (!i18next.isInitialized || i18next.hasResourceBundle('fr', FOLLOW_UP_NS)) return
  i18next.addResourceBundle('fr', FOLLOW_UP_NS, fr, true, true)
  i18next.addResourceBundle('en', FOLLOW_UP_NS, en, true, true)
}
ensureFollowUpStrings()

/** `useTranslation` on the follow-up namespace, registering it first if needed. */
export function useFollowUpT() {
  ensureFollowUpStrings()
  return useTranslation(FOLLOW_UP_NS)
}
