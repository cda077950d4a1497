import i18next from 'i18next'

/**
 * The territory's strings (issue 19), registered as the i18next namespace
 * `territory` (French first), so the pickers and the observatory do not
 * touch the shared catalogs.
 */
const fr = {
  picker: {
    noResult: 'Aucun résultat',
    results_one: '{{count}} résultat',
    results_other: '{{count}} résultats',
    remove: 'Retirer « {{label}} »',
    loading: 'Recherche…',
    failed: 'La recherche n’a pas abouti. Réessayez.',
  },
  need: {
    assessmentLabel: 'Besoins identifiés (SERAFIN-PH)',
    unmetLabel: 'Besoins laissés sans réponse (SERAFIN-PH)',
    placeholder: 'Tapez un mot : emploi, logement, mobilité…',
    none: 'Aucun besoin codé.',
  },
  commune: {
    label: 'Commune de la personne',
    placeholder: 'Nom de la commune ou code postal',
    chosen: '{{name}} ({{postcodes}}) — INSEE {{code}}',
    clear: 'Changer de commune',
  },
  missing: {
    label: 'Réponse manquante',
    since: 'Depuis le',
    unset: '— non précisée —',
    place: 'Pas de place dans le service',
    absentService: 'Service absent du territoire',
    blocked: 'Blocage financier ou administratif',
    waitingList: 'Liste d’attente',
    unspecified: 'Non précisée',
  },
  observatory: {
    nav: 'Observatoire du territoire',
    title: 'Observatoire du territoire',
    intro:
      'Chiffres agrégés des situations du département, sans aucun nom ni situation. Tout effectif inférieur à 5 est masqué (« < 5 »), ainsi que les cases qui permettraient de le retrouver par soustraction.',
    departement: 'Département',
    from: 'Du',
    to: 'Au',
    kind: 'Type de plan',
    level: 'Niveau de réponse',
    all: 'Tous',
    apply: 'Appliquer les filtres',
    csv: 'Exporter en CSV',
    suppressed: '< 5',
    loading: 'Chargement des chiffres…',
    failed: 'Les chiffres n’ont pas pu être chargés.',
    forbidden: 'Vous n’avez pas le droit de pilotage sur ce département.',
    generated: 'Chiffres du {{date}}, période du {{from}} au {{to}}.',
    situationsTitle: 'Situations actives par type de plan et niveau de réponse',
    needsTitle: 'Besoins non couverts (SERAFIN-PH)',
    needsPeople: 'Personnes concernées',
    needsMedian: 'Durée médiane sans réponse cible (jours)',
    needsAnswers: 'Réponse manquante',
    peopleWithNeeds: 'Personnes ayant au moins un besoin non couvert : {{value}}',
    monthsTitle: 'Ruptures et hospitalisations par mois',
    month: 'Mois',
    ruptures: 'Ruptures',
    hospitalisations: 'Hospitalisations',
    overdueTitle: 'Révisions en retard',
    overdue: 'Plans dont la date de révision est dépassée : {{value}}',
    communesTitle: 'Par commune',
    commune: 'Commune',
    activeSituations: 'Situations actives',
    peopleWithUnmet: 'Personnes avec un besoin non couvert',
    total: 'Total',
    kindRow: 'Type de plan',
    levelNone: 'non précisé',
    levelN: 'Niveau {{level}}',
    chartOf: 'Graphique : {{title}} (les mêmes chiffres sont dans le tableau qui suit)',
    noData: 'Aucune donnée pour ces filtres.',
    code: 'Code',
    need: 'Besoin',
  },
}

const en: typeof fr = {
  picker: {
    noResult: 'No result',
    results_one: '{{count}} result',
    results_other: '{{count}} results',
    remove: 'Remove “{{label}}”',
    loading: 'Searching…',
    failed: 'The search failed. Try again.',
  },
  need: {
    assessmentLabel: 'Needs identified (SERAFIN-PH)',
    unmetLabel: 'Needs left without an answer (SERAFIN-PH)',
    placeholder: 'Type a word (in French): emploi, logement, mobilité…',
    none: 'No coded need.',
  },
  commune: {
    label: 'The person’s commune',
    placeholder: 'Commune name or postcode',
    chosen: '{{name}} ({{postcodes}}) — INSEE {{code}}',
    clear: 'Change commune',
  },
  missing: {
    label: 'Missing answer',
    since: 'Since',
    unset: '— not said —',
    place: 'No place in the service',
    absentService: 'Service absent from the territory',
    blocked: 'Financial or administrative block',
    waitingList: 'Waiting list',
    unspecified: 'Not said',
  },
  observatory: {
    nav: 'Territory observatory',
    title: 'Territory observatory',
    intro:
      'Aggregated figures of the département’s situations, never a name or a situation. Any count under 5 is hidden (“< 5”), and so are the cells that would let one work it out by subtraction.',
    departement: 'Département',
    from: 'From',
    to: 'To',
    kind: 'Plan kind',
    level: 'Response level',
    all: 'All',
    apply: 'Apply filters',
    csv: 'Export as CSV',
    suppressed: '< 5',
    loading: 'Loading the figures…',
    failed: 'The figures could not be loaded.',
    forbidden: 'You do not hold the pilot right on this département.',
    generated: 'Figures of {{date}}, period {{from}} to {{to}}.',
    situationsTitle: 'Active situations by plan kind and response level',
    needsTitle: 'Unmet needs (SERAFIN-PH)',
    needsPeople: 'People concerned',
    needsMedian: 'Median days without the target answer',
    needsAnswers: 'Missing answer',
    peopleWithNeeds: 'People with at least one unmet need: {{value}}',
    monthsTitle: 'Ruptures and hospitalisations per month',
    month: 'Month',
    ruptures: 'Ruptures',
    hospitalisations: 'Hospitalisations',
    overdueTitle: 'Reviews overdue',
    overdue: 'Plans past their review date: {{value}}',
    communesTitle: 'By commune',
    commune: 'Commune',
    activeSituations: 'Active situations',
    peopleWithUnmet: 'People with an unmet need',
    total: 'Total',
    kindRow: 'Plan kind',
    levelNone: 'not set',
    levelN: 'Level {{level}}',
    chartOf: 'Chart: {{title}} (the same figures are in the table that follows)',
    noData: 'No data for these filters.',
    code: 'Code',
    need: 'Need',
  },
}

export const TERRITORY_NS = 'territory'
// This module is in the main bundle (the header's link imports it), so it may load before i18next is
// initialised, when addResourceBundle does not exist yet: register then, or as soon as it is.
const register = () => {
  i18next.addResourceBundle('fr', TERRITORY_NS, fr, true, true)
  i18next.addResourceBundle('en', TERRITORY_NS, en, true, true)
}
if (i18next.isInitialized) register()
else i18next.on('initialized', register)
