import * as Y from 'yjs'
import { getSchema } from '@tiptap/core'
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import { editorExtensions } from '../../../shared/editor/extensions.ts'
import { bulletList, paragraph, paragraphs, richDoc } from '../../../shared/editor/rich-text.ts'
import { addAction, addGoal, addUnmet, initializePlan, planRoots } from '../../../shared/schema/plan.ts'
import { updateRow } from '../../../shared/schema/rows.ts'
import { healthRoots, initializePerson, personRoots } from '../../../shared/schema/person.ts'
import type { PlanKind, Role, Sector } from '../../../shared/domain/roles.ts'
import type { AssessmentDomain } from '../../../shared/schema/roots.ts'

/**
 * A small demo seed for the development mock server only (the real seed is
 * the server's). It mirrors DESIGN.md section 6 closely enough for the UI.
 */

export interface MockUser {
  id: string
  name: string
  email: string
}

export interface MockMember {
  id: string
  userId: string | null
  name: string
  role: Role
  sector: Sector | null
  organisation: string
  mission: string
  contact: string
  careTeam: boolean
}

export interface MockSituation {
  id: string
  title: string
  kind: PlanKind
  status: 'open' | 'closed'
  reviewDate: string | null
  personName: string
  members: MockMember[]
  docs: { plan: Y.Doc; health: Y.Doc; person: Y.Doc }
}

export const USERS: MockUser[] = [
  { id: 'u-coord', name: 'Claire Martin', email: 'coordination@demo.test' },
  { id: 'u-gp', name: 'Dr Paul Lefèvre', email: 'medecin@demo.test' },
  { id: 'u-nurse', name: 'Inès Moreau', email: 'infirmier@demo.test' },
  { id: 'u-social', name: 'Sophie Bernard', email: 'social@demo.test' },
  { id: 'u-yanis', name: 'Yanis Haddad', email: 'yanis@demo.test' },
  { id: 'u-family', name: 'Samia Haddad', email: 'famille@demo.test' },
  { id: 'u-observer', name: 'Luc Girard', email: 'observateur@demo.test' },
]

const schema = getSchema(editorExtensions())
const seedAuthor = { userId: 'u-coord', now: new Date('2025-01-15T09:00:00Z') }

function fillFragment(fragment: Y.XmlFragment, json: ReturnType<typeof richDoc>): void {
  prosemirrorJSONToYXmlFragment(schema, json, fragment)
}

function member(
  id: string,
  userId: string | null,
  role: Role,
  sector: Sector | null,
  organisation: string,
  mission: string,
  careTeam: boolean,
): MockMember {
  const user = USERS.find((u) => u.id === userId)
  return { id, userId, name: user?.name ?? organisation, role, sector, organisation, mission, contact: '', careTeam }
}

interface PlanSeed {
  assessment: Partial<Record<AssessmentDomain, ReturnType<typeof richDoc>>>
  goals: { id: string; title: string; domain: AssessmentDomain; expectedResult: string; dueDate: string }[]
  actions: { goalId: string; title: string; owner: string; sector: 'care' | 'help'; dueDate: string; frequency?: string; commitment?: string }[]
  unmet?: { need: string; targetAnswer: string; alternativeAnswer: string }[]
  health: string
  lifeProject?: string
}

function buildDocs(kind: PlanKind, title: string, reviewDate: string, seed: PlanSeed) {
  const plan = new Y.Doc()
  initializePlan(plan, { kind, title, reviewDate })
  const roots = planRoots(plan)
  for (const [domain, json] of Object.entries(seed.assessment)) {
    const fragment = roots.assessment.get(domain)
    if (fragment && json) fillFragment(fragment, json)
  }
  let n = 0
  // Text fields are (re)written after insertion: buildRow in shared/ loses
  // initial Y.Text content (prelim map `has` is always false).
  for (const goal of seed.goals) {
    const row = addGoal(plan, goal, seedAuthor)
    updateRow(row, { title: goal.title, expectedResult: goal.expectedResult }, seedAuthor)
  }
  for (const action of seed.actions) {
    const row = addAction(plan, { id: `${action.goalId}-a${++n}`, ...action, start: '2025-01-20' }, seedAuthor)
    updateRow(row, { title: action.title }, seedAuthor)
    if (action.commitment) row.set('commitment', action.commitment)
  }
  for (const [i, unmet] of (seed.unmet ?? []).entries()) {
    const row = addUnmet(plan, { id: `unmet-${title.length}-${i}`, ...unmet }, seedAuthor)
    updateRow(row, { ...unmet }, seedAuthor)
  }
  const health = new Y.Doc()
  fillFragment(healthRoots(health).notes, paragraphs(seed.health))
  const person = new Y.Doc()
  initializePerson(person)
  if (seed.lifeProject) fillFragment(personRoots(person).lifeProject, paragraphs(seed.lifeProject))
  return { plan, health, person }
}

export function seedSituations(): MockSituation[] {
  return [
    {
      id: 'sit-monsieur-x',
      title: 'Monsieur X — maintien à domicile',
      kind: 'ppcs',
      status: 'open',
      reviewDate: '2025-06-30',
      personName: 'Monsieur X',
      members: [
        member('m-x-coord', 'u-coord', 'coordinator', 'medicosocial', 'DAC du territoire', 'Pilote le parcours, anime les concertations', true),
        member('m-x-gp', 'u-gp', 'professional', 'health', 'Cabinet médical du Parc', 'Médecin traitant : suivi neurologique et cardiovasculaire', true),
        member('m-x-nurse', 'u-nurse', 'professional', 'health', 'Cabinet infirmier Moreau', 'Soins infirmiers à domicile, pilulier', true),
        member('m-x-social', 'u-social', 'professional', 'social', 'CCAS', 'Droits, aides financières, APA', false),
        member('m-x-obs', 'u-observer', 'observer', null, 'DAC du territoire', 'Stagiaire, observe les concertations', false),
        member('m-x-kine', null, 'professional', 'health', 'Kinésithérapeute libéral', 'Rééducation à la marche, 2 fois par semaine', true),
      ],
      docs: buildDocs('ppcs', 'Monsieur X — maintien à domicile', '2025-06-30', {
        assessment: {
          health: richDoc(paragraph("AVC en 2024 après un AIT ; troubles cognitifs débutants. Fatigue marquée l'après-midi."), bulletList('Hémiparésie droite légère', 'Troubles de la déglutition à surveiller')),
          autonomy: paragraphs("A besoin d'aide pour la toilette et l'habillage. Se déplace avec une canne à l'intérieur."),
          caregivers: paragraphs("Son épouse, aidante principale, est elle-même fatiguée et a été hospitalisée en mars. Elle souhaite du répit."),
          environment: paragraphs('Maison de plain-pied, salle de bain non adaptée. Accueil de jour à 8 km.'),
        },
        goals: [
          { id: 'goal-x-home', title: 'Rester vivre à domicile en sécurité', domain: 'autonomy', expectedResult: 'Aucune chute grave sur six mois', dueDate: '2025-06-30' },
          { id: 'goal-x-respite', title: "Soulager l'épouse aidante", domain: 'caregivers', expectedResult: 'Deux jours de répit par semaine', dueDate: '2025-04-30' },
        ],
        actions: [
          { goalId: 'goal-x-home', title: 'Adapter la salle de bain', owner: 'm-x-social', sector: 'help', dueDate: '2025-03-15' },
          { goalId: 'goal-x-home', title: 'Passage infirmier quotidien (pilulier)', owner: 'm-x-nurse', sector: 'care', dueDate: '2025-02-28', frequency: 'tous les jours' },
          { goalId: 'goal-x-respite', title: 'Accueil de jour deux fois par semaine', owner: 'Accueil de jour Les Tilleuls', sector: 'help', dueDate: '2025-04-01', frequency: '2 fois par semaine' },
          { goalId: 'goal-x-respite', title: "Bilan de santé de l'aidante", owner: 'm-x-nurse', sector: 'care', dueDate: '2025-03-31' },
        ],
        unmet: [{ need: 'Place en hébergement temporaire', targetAnswer: 'EHPAD avec hébergement temporaire proche', alternativeAnswer: 'Garde de nuit ponctuelle' }],
        health: 'Traitement : antiagrégant, antihypertenseur. Risque de chute élevé.',
      }),
    },
    {
      id: 'sit-yanis',
      title: 'Yanis — sortie d’IME',
      kind: 'pag',
      status: 'open',
      reviewDate: '2025-09-15',
      personName: 'Yanis Haddad',
      members: [
        member('m-y-coord', 'u-coord', 'coordinator', 'medicosocial', 'MDPH', 'Coordonne le PAG, anime le GOS', true),
        member('m-y-social', 'u-social', 'professional', 'medicosocial', 'IME Les Cèdres', 'Éducatrice référente', true),
        member('m-y-person', 'u-yanis', 'person', null, '', 'Personne accompagnée', false),
        member('m-y-family', 'u-family', 'relative', null, '', 'Sa mère, aidante', false),
        member('m-y-esat', null, 'professional', 'medicosocial', 'ESAT du Val', 'Stage puis admission', false),
      ],
      docs: buildDocs('pag', 'Yanis — sortie d’IME', '2025-09-15', {
        assessment: {
          health: paragraphs('Bonne santé générale. Suivi orthophonique terminé.'),
          autonomy: paragraphs('Se déplace seul sur des trajets connus. Gère un petit budget avec aide.'),
          participation: paragraphs('Souhaite travailler en ESAT et vivre en logement accompagné.'),
        },
        goals: [
          { id: 'goal-y-work', title: 'Travailler en ESAT', domain: 'participation', expectedResult: 'Admission en ESAT', dueDate: '2025-09-01' },
          { id: 'goal-y-housing', title: 'Vivre en logement accompagné', domain: 'participation', expectedResult: 'Logement trouvé', dueDate: '2025-12-31' },
        ],
        actions: [
          { goalId: 'goal-y-work', title: "Stage d'immersion à l'ESAT", owner: 'm-y-esat', sector: 'help', dueDate: '2025-03-30', commitment: 'accepted' },
          { goalId: 'goal-y-work', title: "Maintien à l'IME en attendant (amendement Creton)", owner: 'm-y-social', sector: 'help', dueDate: '2025-06-30', commitment: 'proposed' },
          { goalId: 'goal-y-housing', title: 'Demande de logement accompagné', owner: 'm-y-coord', sector: 'help', dueDate: '2025-05-31' },
        ],
        unmet: [{ need: 'Place en ESAT', targetAnswer: 'Admission ESAT du Val', alternativeAnswer: "Maintien à l'IME et stages" }],
        health: 'Pas de traitement.',
        lifeProject: "Je veux travailler comme mon cousin et avoir mon appartement. J'aime la cuisine.",
      }),
    },
    {
      id: 'sit-madame-b',
      title: 'Madame B — diabète et isolement',
      kind: 'pps',
      status: 'open',
      reviewDate: '2025-05-20',
      personName: 'Madame B',
      members: [
        member('m-b-coord', 'u-coord', 'coordinator', 'health', 'MSP des Quatre Vents', 'Coordinatrice de la MSP', true),
        member('m-b-gp', 'u-gp', 'professional', 'health', 'MSP des Quatre Vents', 'Médecin traitant, suivi du diabète', true),
        member('m-b-nurse', 'u-nurse', 'professional', 'health', 'MSP des Quatre Vents', 'Éducation thérapeutique, glycémies', true),
        member('m-b-social', 'u-social', 'professional', 'social', 'CCAS', 'Assistante sociale de la mairie', false),
        member('m-b-pharma', null, 'professional', 'health', 'Pharmacie du Centre', 'Préparation des doses, alerte si oubli', true),
      ],
      docs: buildDocs('pps', 'Madame B — diabète et isolement', '2025-05-20', {
        assessment: {
          health: paragraphs('Diabète de type 2 déséquilibré (HbA1c 9 %). Rendez-vous manqués.'),
          participation: paragraphs('Isolement depuis le décès de son mari. Ne sort plus.'),
          environment: paragraphs('Vit seule au 3e étage sans ascenseur.'),
        },
        goals: [
          { id: 'goal-b-diabetes', title: 'Équilibrer le diabète', domain: 'health', expectedResult: 'HbA1c sous 7,5 %', dueDate: '2025-05-20' },
          { id: 'goal-b-social', title: 'Rompre l’isolement', domain: 'participation', expectedResult: 'Une activité par semaine', dueDate: '2025-05-20' },
        ],
        actions: [
          { goalId: 'goal-b-diabetes', title: 'Éducation thérapeutique', owner: 'm-b-nurse', sector: 'care', dueDate: '2025-03-01', frequency: '1 fois par semaine' },
          { goalId: 'goal-b-diabetes', title: 'Préparation des doses à administrer', owner: 'm-b-pharma', sector: 'care', dueDate: '2025-02-15' },
          { goalId: 'goal-b-social', title: 'Inscription au club des aînés', owner: 'm-b-social', sector: 'help', dueDate: '2025-04-15' },
        ],
        health: 'Metformine, insuline basale. Surveiller les hypoglycémies.',
      }),
    },
  ]
}
