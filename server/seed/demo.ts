import * as Y from 'yjs'
import { addDays, todayInParis } from '../../shared/domain/dates.ts'
import { documentName } from '../../shared/schema/roots.ts'
import { addAction, addGoal, addUnmet, assessmentFragment, type NewAction, type NewGoal } from '../../shared/schema/plan.ts'
import { personRoots, lifeSectionKey, writeView, writeRelativeView } from '../../shared/schema/person.ts'
import { writeBuiltRichText as writeRichText } from '../../shared/editor/yjs-rich-text.ts'
import { bulletList, paragraph, paragraphs, richDoc } from '../../shared/editor/rich-text.ts'
import type { AssessmentDomain } from '../../shared/schema/roots.ts'
import { defaultCareTeam, type Role, type Sector } from '../../shared/domain/roles.ts'
import { hashPassword } from '../auth/passwords.ts'
import { randomBytes } from 'node:crypto'
import { addMember, createSituation } from '../domain/situations.ts'
import { handOverCoordination, updateSituationMember } from '../domain/memberships.ts'
import { acceptInvitation, createInvitation } from '../domain/invitations.ts'
import { editAs } from '../domain/edits.ts'
import { recordCommitment } from '../domain/commitments.ts'
import { saveVersion } from '../domain/versions.ts'
import type { ConcertoApp } from '../app.ts'
import type { PMNode } from '../../shared/editor/rich-text.ts'
import type { MemberRow } from '../storage/situations.ts'
import { seedTerritory } from './territory.ts'

/** Demo password: printed in the README only, never in a log. */
export const DEMO_PASSWORD = 'concerto-demo'

export const DEMO_ACCOUNTS = [
  { key: 'coordination', email: 'coordination@demo.test', name: 'Claire Martin' },
  { key: 'medecin', email: 'medecin@demo.test', name: 'Dr Paul Lefèvre' },
  { key: 'infirmier', email: 'infirmier@demo.test', name: 'Sophie Durand' },
  { key: 'social', email: 'social@demo.test', name: 'Karim Benali' },
  { key: 'yanis', email: 'yanis@demo.test', name: 'Yanis Morel' },
  { key: 'famille', email: 'famille@demo.test', name: 'Nadia Morel' },
  { key: 'observateur', email: 'observateur@demo.test', name: 'Julie Robert' },
  // The territory's pilot (issue 19): the pilot right on Indre-et-Loire, no membership.
  { key: 'pilotage', email: 'pilotage@demo.test', name: 'Agnès Perrin' },
] as const
type AccountKey = (typeof DEMO_ACCOUNTS)[number]['key']

interface MemberSpec {
  account?: AccountKey
  /** When they joined the circle, if not at the start (ISO instant). */
  since?: string
  name?: string
  role: Role
  sector?: Sector | null
  organisation: string
  profession?: string
  mission: string
  careTeam?: boolean
}

interface GoalSpec extends Omit<NewGoal, 'id'> {
  key: string
  /** Index in the situation's `stages`: when the row entered the plan (the demo's history). */
  stage?: number
  actions: (Omit<NewAction, 'id' | 'goalId' | 'owner'> & { key: string; owner: string; stage?: number })[]
}

interface SituationSpec {
  id: string
  title: string
  kind: 'pag' | 'pps' | 'ppcs'
  personName: string
  reviewDate: string
  coordinator: { organisation: string; mission: string; sector: Sector | null }
  members: (MemberSpec & { key: string })[]
  assessment: Partial<Record<AssessmentDomain, PMNode>>
  goals: GoalSpec[]
  unmet: { need: string; targetAnswer: string; alternativeAnswer: string }[]
  healthNotes: PMNode
  /** Earlier validated versions, each saved after the rows of its stage were written. */
  stages?: { label: string; at: string }[]
  /**
   * A situation opened by one of its members (who coordinated first) rather
   * than by the demo coordinator, and the coordinator handovers that followed,
   * made through the app's own handover before the stage they open; the
   * coordinator of each stage writes its rows and validates its version.
   */
  history?: {
    openedBy: string
    openedAt: string
    handovers: { to: string; at: string; beforeStage: number; note: string }[]
  }
}

/** A deterministic date relative to today, so "overdue" stays meaningful whenever the demo is seeded. */
const inDays = (days: number): string => addDays(todayInParis(), days)

const SITUATIONS: SituationSpec[] = [
  {
    id: 'monsieur-x',
    title: 'Monsieur X — maintien à domicile du couple',
    kind: 'ppcs',
    personName: 'Monsieur Henri X',
    reviewDate: inDays(75),
    coordinator: { organisation: 'DAC Val-de-Loire', mission: 'Coordinatrice d’appui (DAC) depuis la dernière aggravation', sector: 'medicosocial' },
    stages: [
      { label: 'Plan après le retour à domicile (2022)', at: '2022-07-20T09:00:00Z' },
      { label: 'Plan du CLIC : accueil de jour et APA (2024)', at: '2024-02-10T09:00:00Z' },
      { label: 'Plan du DAC après l’hospitalisation de Mme X', at: '2025-10-03T09:00:00Z' },
    ],
    members: [
      { key: 'gp', account: 'medecin', role: 'professional', sector: 'health', organisation: 'Cabinet médical des Tilleuls', profession: 'médecin généraliste', mission: 'Médecin traitant, suivi neurologique et cardiovasculaire' },
      { key: 'nurse', account: 'infirmier', role: 'professional', sector: 'health', organisation: 'Cabinet infirmier Durand', profession: 'infirmière', mission: 'Soins infirmiers à domicile, pilulier, surveillance tensionnelle' },
      { key: 'social', account: 'social', role: 'professional', sector: 'social', organisation: 'CCAS de Saint-Avertin', profession: 'assistant social', mission: 'Droits, APA, aide aux aidants' },
      { key: 'observer', account: 'observateur', role: 'observer', sector: null, organisation: 'DAC Val-de-Loire', mission: 'Stagiaire coordinatrice' },
      { key: 'physio', name: 'Marc Petit', role: 'professional', sector: 'health', organisation: 'Kinésithérapeute libéral', profession: 'kinésithérapeute', mission: 'Rééducation de la marche, prévention des chutes' },
      { key: 'homehelp', name: 'SAAD Les Jardins', role: 'professional', sector: 'medicosocial', organisation: 'Service d’aide à domicile', profession: 'aide à domicile', mission: 'Aide à la toilette et aux repas, 2 passages par jour' },
      {
        key: 'dac',
        account: 'coordination',
        since: '2025-09-22T09:00:00Z',
        role: 'professional',
        sector: 'medicosocial',
        organisation: 'DAC Val-de-Loire',
        profession: 'coordinatrice de parcours',
        mission: 'Coordinatrice d’appui (DAC) depuis la dernière aggravation',
      },
    ],
    // His GP opened the situation after the TIA; the CLIC, then the DAC took over (his wife's
    // own period of coordination, without an account, is a dated event of the timeline).
    history: {
      openedBy: 'gp',
      openedAt: '2021-03-20T09:00:00Z',
      handovers: [
        { to: 'social', at: '2024-02-05T10:00:00Z', beforeStage: 1, note: 'Coordination : le CLIC du secteur (porté par le CCAS) — niveau 3 : aide à domicile, accueil de jour, APA (GIR 3).' },
        { to: 'dac', at: '2025-10-01T10:00:00Z', beforeStage: 2, note: 'Coordination : le DAC (situation complexe) — niveau 4 : couple accompagné ensemble, EHPAD préparé.' },
      ],
    },
    assessment: {
      health: richDoc(
        paragraph('AIT en 2021 puis AVC ischémique en 2022 : hémiparésie droite régressive, aphasie légère. Troubles cognitifs apparus en 2024 (MMS 21/30), aggravation ces six derniers mois.'),
        bulletList('Hypertension artérielle traitée, équilibre fragile', 'Deux chutes à domicile depuis janvier, sans fracture', 'Perte de 3 kg en quatre mois'),
      ),
      autonomy: paragraphs(
        'A besoin d’aide pour la toilette, l’habillage et la prise des médicaments. Se déplace avec une canne à l’intérieur, ne sort plus seul.',
        'Garde le plaisir de jardiner assis et d’écouter la radio ; souhaite décider lui-même de ses journées.',
      ),
      participation: paragraphs(
        'Ancien menuisier, très attaché à sa maison et à son quartier. Ne va plus au club des retraités depuis l’AVC. APA à domicile (GIR 3) depuis 2024.',
      ),
      caregivers: richDoc(
        paragraph('Son épouse, 76 ans, est l’aidante principale. Hospitalisée trois semaines en septembre (rupture : Monsieur X a dû être accueilli en urgence en hébergement temporaire).'),
        bulletList('Épuisement exprimé par Mme X lors de la dernière visite', 'Leur fille vit à Lyon, appelle chaque soir, vient un week-end par mois'),
      ),
      environment: paragraphs('Maison de plain-pied avec trois marches à l’entrée. Accueil de jour à 12 km, transport assuré par le réseau Fil Blanc deux fois par semaine.'),
    },
    goals: [
      {
        key: 'home',
        title: 'Rester à domicile avec son épouse en sécurité',
        domain: 'autonomy',
        expectedResult: 'Aucune chute grave, aides adaptées au domicile, couple soutenu ensemble',
        dueDate: inDays(90),
        actions: [
          { key: 'pill', title: 'Préparer le pilulier et surveiller la tension', owner: 'nurse', sector: 'care', start: inDays(-30), dueDate: inDays(-3), frequency: 'Chaque matin', status: 'doing' },
          { key: 'falls', title: 'Bilan de prévention des chutes et rééducation de la marche', owner: 'physio', sector: 'care', start: inDays(-10), dueDate: inDays(21), frequency: '2 séances par semaine', status: 'doing' },
          { key: 'saad', stage: 1, title: 'Augmenter l’aide à domicile au moment du coucher', owner: 'homehelp', sector: 'help', dueDate: inDays(14), frequency: 'Chaque soir', status: 'todo' },
        ],
      },
      {
        key: 'caregiver',
        stage: 1,
        title: 'Soulager Mme X, aidante principale',
        domain: 'caregivers',
        expectedResult: 'Des temps de répit réguliers et un suivi de sa propre santé',
        dueDate: inDays(60),
        actions: [
          { key: 'respite', title: 'Proposer un hébergement temporaire de répit', owner: 'social', sector: 'help', dueDate: inDays(30), status: 'todo' },
          { key: 'wifecheck', stage: 2, title: 'Évaluer la fatigue de Mme X à chaque passage infirmier', owner: 'nurse', sector: 'care', dueDate: inDays(45), frequency: 'Chaque semaine', status: 'todo' },
        ],
      },
      {
        key: 'ehpad',
        stage: 2,
        title: 'Préparer une entrée en EHPAD si le maintien n’est plus possible',
        domain: 'participation',
        expectedResult: 'Dossier déposé, visite faite avec le couple, décision prise par eux',
        dueDate: inDays(120),
        actions: [{ key: 'visit', title: 'Organiser la visite de l’EHPAD de la Chesnaie avec le couple', owner: 'dac', sector: 'help', dueDate: inDays(40), status: 'todo' }],
      },
    ],
    unmet: [{ need: 'Accueil de jour trois jours par semaine', targetAnswer: 'Accueil de jour de proximité (moins de 5 km)', alternativeAnswer: 'Deux jours à l’accueil de jour actuel et une garde itinérante le jeudi' }],
    healthNotes: paragraphs('Traitement : antiagrégant, IEC, statine. Risque de fausse route à surveiller. Pas d’allergie connue.'),
  },
  {
    id: 'yanis',
    title: 'Yanis — après l’IME, vers l’ESAT et un logement accompagné',
    kind: 'pag',
    personName: 'Yanis Morel',
    reviewDate: inDays(300),
    coordinator: { organisation: 'MDPH d’Indre-et-Loire', mission: 'Pilote du GOS, référente du PAG', sector: 'medicosocial' },
    members: [
      { key: 'educator', account: 'social', role: 'professional', sector: 'medicosocial', organisation: 'IME Les Peupliers', profession: 'éducateur spécialisé', mission: 'Éducateur référent, prépare la sortie de l’IME' },
      { key: 'person', account: 'yanis', role: 'person', sector: null, organisation: '', mission: 'La personne concernée' },
      { key: 'mother', account: 'famille', role: 'relative', sector: null, organisation: '', mission: 'Mère de Yanis, aidante' },
      { key: 'esat', name: 'ESAT Les Ateliers du Cher', role: 'professional', sector: 'medicosocial', organisation: 'ESAT', mission: 'Structure cible, liste d’attente' },
      { key: 'employer', name: 'Jardins de Touraine (entreprise adaptée)', role: 'professional', sector: 'mainstream', organisation: 'Entreprise adaptée', mission: 'Stage de découverte en espaces verts' },
      { key: 'town', name: 'Mairie de Joué-lès-Tours', role: 'professional', sector: 'mainstream', organisation: 'Service logement', mission: 'Demande de logement accompagné' },
    ],
    assessment: {
      health: paragraphs('Déficience intellectuelle moyenne. Bonne santé générale, suivi annuel par le médecin traitant. Fatigabilité en fin de journée.'),
      autonomy: paragraphs('Autonome pour la toilette et les repas simples. A besoin d’aide pour gérer son argent et les démarches. Prend le bus seul sur les trajets qu’il connaît.'),
      participation: richDoc(
        paragraph('Sort de l’IME en juin (amendement Creton depuis 2 ans). Orientation ESAT notifiée, mais aucune place disponible avant 18 mois.'),
        bulletList('Aime les espaces verts et le travail en extérieur', 'Joue au football dans un club de sport adapté'),
      ),
      caregivers: paragraphs('Vit chez sa mère, qui travaille à temps plein et s’inquiète de l’après-IME. Pas de solution de répit à ce jour.'),
    },
    goals: [
      {
        key: 'work',
        title: 'Travailler dans les espaces verts',
        domain: 'participation',
        expectedResult: 'Une place en ESAT ; en attendant, une activité de jour régulière',
        dueDate: inDays(180),
        actions: [
          { key: 'stage', title: 'Stage de découverte de trois semaines en entreprise adaptée', owner: 'employer', sector: 'help', dueDate: inDays(45), status: 'todo' },
          { key: 'esat-list', title: 'Inscrire Yanis sur la liste d’attente prioritaire de l’ESAT', owner: 'esat', sector: 'help', dueDate: inDays(15), status: 'doing' },
        ],
      },
      {
        key: 'housing',
        title: 'Vivre dans un logement accompagné',
        domain: 'participation',
        expectedResult: 'Un logement en habitat inclusif avec un accompagnement SAVS',
        dueDate: inDays(365),
        actions: [
          { key: 'housing-request', title: 'Déposer la demande de logement accompagné', owner: 'town', sector: 'help', dueDate: inDays(30), status: 'todo' },
          { key: 'budget', title: 'Apprendre à gérer un budget mensuel', owner: 'educator', sector: 'help', dueDate: inDays(60), frequency: 'Chaque semaine', status: 'doing' },
        ],
      },
    ],
    unmet: [
      {
        need: 'Travail protégé en ESAT',
        targetAnswer: 'Place en ESAT Les Ateliers du Cher (espaces verts)',
        alternativeAnswer: 'Maintien à l’IME à temps partiel et stage en entreprise adaptée jusqu’à l’ouverture d’une place',
      },
    ],
    healthNotes: paragraphs('Pas de traitement au long cours. Vaccinations à jour.'),
  },
  {
    id: 'madame-b',
    title: 'Madame B — diabète et isolement',
    kind: 'pps',
    personName: 'Madame Lucienne B',
    reviewDate: inDays(-10),
    coordinator: { organisation: 'MSP des Deux Rives', mission: 'Coordinatrice de la MSP', sector: 'health' },
    members: [
      { key: 'gp', account: 'medecin', role: 'professional', sector: 'health', organisation: 'MSP des Deux Rives', profession: 'médecin généraliste', mission: 'Médecin traitant, équilibre du diabète' },
      { key: 'nurse', account: 'infirmier', role: 'professional', sector: 'health', organisation: 'MSP des Deux Rives', profession: 'infirmière', mission: 'Éducation thérapeutique, glycémies' },
      { key: 'social', account: 'social', role: 'professional', sector: 'social', organisation: 'CCAS de la commune', profession: 'assistant social', mission: 'Assistante sociale, lien social et aides' },
      { key: 'pharmacist', name: 'Pharmacie du Marché', role: 'professional', sector: 'health', organisation: 'Officine', profession: 'pharmacien', mission: 'Pharmacien, préparation des doses' },
    ],
    assessment: {
      health: paragraphs('Diabète de type 2 déséquilibré (HbA1c 9,1 %). Trois rendez-vous manqués depuis le décès de son mari.'),
      autonomy: paragraphs('Autonome pour les actes de la vie quotidienne. Oublie parfois son traitement du soir.'),
      participation: paragraphs('Vit seule depuis le décès de son mari en mars. Sort peu, a arrêté la chorale.'),
      environment: paragraphs('Appartement au 3e étage sans ascenseur, commerces à 500 m.'),
    },
    goals: [
      {
        key: 'diabetes',
        title: 'Retrouver un diabète équilibré',
        domain: 'health',
        expectedResult: 'HbA1c sous 8 % dans six mois',
        dueDate: inDays(180),
        actions: [
          { key: 'etp', title: 'Séances d’éducation thérapeutique', owner: 'nurse', sector: 'care', dueDate: inDays(20), frequency: 'Toutes les deux semaines', status: 'todo' },
          { key: 'doses', title: 'Préparation des doses à administrer', owner: 'pharmacist', sector: 'care', dueDate: inDays(7), frequency: 'Chaque semaine', status: 'doing' },
        ],
      },
      {
        key: 'social',
        title: 'Rompre l’isolement',
        domain: 'participation',
        expectedResult: 'Une sortie choisie par semaine',
        dueDate: inDays(90),
        actions: [{ key: 'visits', title: 'Mettre en place des visites de convivialité', owner: 'social', sector: 'help', dueDate: inDays(25), status: 'todo' }],
      },
    ],
    unmet: [],
    healthNotes: paragraphs('Metformine 1000 mg x2, gliclazide 60 mg. Rétinopathie débutante : fond d’œil prévu.'),
  },
]

/**
 * Seeds the demo on an empty database, through the same code paths the app
 * uses: accounts, situations with their documents, memberships, and every
 * plan edit made as the member who would make it.
 */
export async function seedDemo(app: ConcertoApp, options: { territoryExtras?: boolean } = {}): Promise<'seeded' | 'documents-already-stored'> {
  // Cluster mode: another node seeded the shared database already (rows and documents); seeding again
  // would write every plan twice.
  const existing = await app.store.load({ situationId: SITUATIONS[0]!.id, part: 'plan' })
  if (existing.snapshots.length > 0 || existing.updates.length > 0) return 'documents-already-stored'
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const userIds = new Map<AccountKey, string>()
  for (const account of DEMO_ACCOUNTS) {
    const id = `user-${account.key}`
    await app.users.insert({ id, email: account.email, login: null, name: account.name, passwordHash, createdAt: new Date().toISOString(), emailVerifiedAt: new Date().toISOString() })
    userIds.set(account.key, id)
  }
  const coordinatorId = userIds.get('coordination')!
  // The demo's front door (issue 15): one service, coordinated by the demo coordinator; requests go to it.
  const dac = await app.services.create({ name: 'DAC Gironde', kind: 'dac' })
  await app.services.setMember(dac.id, coordinatorId, 'coordinator')
  const deps = { situations: app.situations, store: app.store, bindings: app.bindings, rooms: app.rooms }

  for (const spec of SITUATIONS) {
    const userOf = (member: MemberSpec) => (member.account ? userIds.get(member.account)! : null)
    const nameOf = (member: MemberSpec) => (member.account ? DEMO_ACCOUNTS.find((a) => a.key === member.account)!.name : (member.name ?? ''))
    const opener = spec.history ? spec.members.find((m) => m.key === spec.history!.openedBy)! : null
    const { situation, coordinator } = await createSituation(
      deps,
      spec,
      opener
        ? { userId: userOf(opener)!, name: nameOf(opener), organisation: opener.organisation, mission: opener.mission, sector: opener.sector ?? null, profession: opener.profession }
        : {
            userId: coordinatorId,
            name: 'Claire Martin',
            organisation: spec.coordinator.organisation,
            mission: spec.coordinator.mission,
            sector: spec.coordinator.sector,
            profession: 'coordinatrice de parcours',
          },
      spec.history ? new Date(spec.history.openedAt) : new Date(),
    )
    const members = new Map<string, MemberRow>([[opener?.key ?? 'coordinator', coordinator]])
    for (const member of spec.members) {
      if (member === opener) continue
      members.set(
        member.key,
        await addMember(
          deps,
          situation.id,
          {
            userId: userOf(member),
            name: nameOf(member),
            role: member.role,
            sector: member.sector ?? null,
            organisation: member.organisation,
            profession: member.profession,
            mission: member.mission,
            careTeam: member.careTeam,
          },
          // In a dated story, members without `since` were there from the opening: versions record the circle as it stood (issue 13).
          member.since ? new Date(member.since) : spec.history ? new Date(spec.history.openedAt) : undefined,
        ),
      )
    }
    const ownerId = (key: string) => members.get(key)?.id ?? key
    const stages = spec.stages ?? [null]
    const lastStage = stages.length - 1
    // Who coordinates (and so writes the plan and validates its version) at each stage.
    let stageCoordinator = coordinator.userId!
    for (let stage = 0; stage <= lastStage; stage++) {
      for (const handover of spec.history?.handovers.filter((h) => h.beforeStage === stage) ?? []) {
        stageCoordinator = await handOver(app, situation.id, stageCoordinator, members.get(handover.to)!, handover)
      }
      const author = { userId: stageCoordinator }
      await editAs(deps, { situationId: situation.id, part: 'plan' }, stageCoordinator, (doc) => {
        if (stage === 0) {
          for (const [domain, content] of Object.entries(spec.assessment)) {
            writeRichText(assessmentFragment(doc, domain as AssessmentDomain)!, content)
          }
        }
        for (const goal of spec.goals) {
          const goalId = `${situation.id}-${goal.key}`
          if ((goal.stage ?? 0) === stage) {
            addGoal(doc, { id: goalId, title: goal.title, domain: goal.domain, expectedResult: goal.expectedResult, dueDate: goal.dueDate }, author)
          }
          for (const { key, owner, stage: actionStage, ...action } of goal.actions) {
            if ((actionStage ?? goal.stage ?? 0) === stage) addAction(doc, { ...action, id: `${situation.id}-${key}`, goalId, owner: ownerId(owner) }, author)
          }
        }
        if (stage === lastStage) spec.unmet.forEach((unmet, index) => addUnmet(doc, { id: `${situation.id}-unmet-${index + 1}`, ...unmet }, author))
      })
      const label = stages[stage]
      if (label) await saveVersion({ rooms: app.rooms, versions: app.versions }, situation.id, { label: label.label }, stageCoordinator, new Date(label.at))
    }
    const gp = members.get('gp')?.userId ?? coordinatorId
    await editAs(deps, { situationId: situation.id, part: 'health' }, gp, (doc) => writeRichText(doc.getXmlFragment('notes'), spec.healthNotes))
  }

  await seedYanisVoice(deps, userIds)
  await seedYanisCommitments(app, coordinatorId)
  await seedMonsieurXStory(app)
  await seedMonsieurXVoices(app, deps, coordinatorId)
  await seedTerritory(app, { pilotUserId: userIds.get('pilotage')!, coordinatorId, extras: options.territoryExtras ?? false })
  // "Mes actions" is complete from the first start, not after a debounce.
  for (const spec of SITUATIONS) await projectPlan(app, spec.id)
  return 'seeded'
}

/**
 * Writes a plan's action list into SQL now, from its current state read
 * through the registry (which loads the document, or waits for an unload in
 * progress and loads it afresh). Reading `rooms.get` instead found nothing
 * while the room was unloading, which with the asynchronous PostgreSQL store
 * takes a while: the projection was skipped and the next commitment failed
 * with 'action not found'.
 */
async function projectPlan(app: ConcertoApp, situationId: string): Promise<void> {
  const [state] = await app.rooms.encodeStates([documentName(situationId, 'plan')])
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, state!)
    await app.project.projectNow({ situationId, part: 'plan' }, doc)
  } finally {
    doc.destroy()
  }
}

/** Yanis writes his own section; his mother adds hers, labelled as hers by the client-id binding. */
async function seedYanisVoice(deps: Parameters<typeof editAs>[0], userIds: Map<AccountKey, string>): Promise<void> {
  const yanis = userIds.get('yanis')!
  const mother = userIds.get('famille')!
  const section = (doc: Y.Doc, key: string) => personRoots(doc).lifeProjectSections.get(key)!
  await editAs(deps, { situationId: 'yanis', part: 'person' }, yanis, (doc) => {
    writeRichText(personRoots(doc).lifeProject, paragraphs('Je veux travailler dehors, dans les jardins.', 'Je veux avoir mon appartement, pas trop loin de ma mère.'))
    writeRichText(section(doc, lifeSectionKey('activity', 'hope')), paragraphs('Travailler à l’ESAT avec les espaces verts.'))
    writeRichText(section(doc, lifeSectionKey('activity', 'tried')), paragraphs('J’ai fait un stage à la mairie, j’ai aimé tondre et planter.'))
    writeRichText(section(doc, lifeSectionKey('wayOfLife', 'hope')), paragraphs('Avoir ma chambre et ma cuisine à moi.'))
    writeRichText(personRoots(doc).expectations, paragraphs('Je veux savoir quand je commence le stage.'))
    writeView(doc, 'yanis-work', { opinion: 'agree', comment: 'Oui, je veux les jardins.', by: yanis, at: new Date().toISOString() })
    writeView(doc, 'yanis-housing', { opinion: 'unsure', comment: 'Je veux bien mais j’ai un peu peur d’être seul le soir.', by: yanis, at: new Date().toISOString() })
  })
  await editAs(deps, { situationId: 'yanis', part: 'person' }, mother, (doc) => {
    writeRichText(section(doc, lifeSectionKey('relationships', 'hope')), paragraphs('Que Yanis garde ses amis du club de foot après l’IME.'))
    writeRelativeView(doc, 'yanis-housing', { opinion: 'unsure', comment: 'Il faudra un accompagnement le soir au début.', by: mother, at: new Date().toISOString() })
  })
}

/** Yanis's PAG: each partner's commitment, given by the partner (or recorded by the coordinator for partners without an account). */
async function seedYanisCommitments(app: ConcertoApp, coordinatorId: string): Promise<void> {
  const deps = { situations: app.situations, records: app.records, planActions: app.planActions, audit: app.audit, rooms: app.rooms }
  await projectPlan(app, 'yanis')
  const members = await app.situations.activeMembers('yanis')
  const coordinator = members.find((m) => m.role === 'coordinator')!
  const educator = members.find((m) => m.userId === 'user-social')!
  await recordCommitment(deps, 'yanis', { member: educator, userId: 'user-social' }, 'yanis-budget', { status: 'accepted', comment: 'Atelier budget le mardi à l’IME' })
  await recordCommitment(deps, 'yanis', { member: coordinator, userId: coordinatorId }, 'yanis-esat-list', { status: 'accepted', comment: 'Confirmé par la directrice de l’ESAT au GOS' })
  await recordCommitment(deps, 'yanis', { member: coordinator, userId: coordinatorId }, 'yanis-stage', { status: 'accepted' })
  await recordCommitment(deps, 'yanis', { member: coordinator, userId: coordinatorId }, 'yanis-housing-request', { status: 'proposed' })
}

/**
 * A coordinator handover through the app's own code path (the previous
 * coordinator stays as a professional; the audit trail, and so the
 * timeline, records it), dated when it happened in the story. Returns the
 * new coordinator's user id.
 */
async function handOver(app: ConcertoApp, situationId: string, fromUserId: string, to: MemberRow, handover: { at: string; note: string }): Promise<string> {
  const at = new Date(handover.at)
  const audit = { ...app.audit, append: (event: Parameters<ConcertoApp['audit']['append']>[0]) => app.audit.append(event, at) }
  const deps = { situations: app.situations, audit, rooms: app.rooms, access: app.access }
  const previous = (await app.situations.activeMembers(situationId)).filter((m) => m.role === 'coordinator')
  await handOverCoordination(deps, situationId, to.id, { userId: fromUserId, address: 'seed' }, handover.note)
  // Coordinating gave them the care team's rights; a previous coordinator outside the
  // health and medico-social sectors goes back to their own (DESIGN.md section 6).
  for (const member of previous) {
    const now = await app.situations.memberById(situationId, member.id)
    if (now?.careTeam && !defaultCareTeam(now.role, now.sector)) {
      await updateSituationMember(deps, situationId, member.id, { careTeam: false }, { userId: to.userId!, address: 'seed' })
    }
  }
  return to.userId!
}

/**
 * Monsieur X's parcours over time: the coordination escalated from his GP to
 * his wife, then the CLIC, then the DAC (the last two are real handovers, see
 * `history`); a rupture when his wife was hospitalised; each event noted by
 * whoever coordinated then.
 */
async function seedMonsieurXStory(app: ConcertoApp): Promise<void> {
  // `part`: clinical entries (a diagnosis, a test score) belong to `health` and are read only by who reads that part (issue 13).
  const event = (date: string, kind: string, title: string, detail: string, by: AccountKey, part?: 'plan' | 'health') =>
    app.records.insertEvent({ id: `mx-${date}-${kind}`, situationId: 'monsieur-x', date, kind, title, detail, createdBy: `user-${by}`, createdAt: `${date}T18:00:00.000Z`, part })
  await event('2021-03-12', 'event', 'Accident ischémique transitoire', 'Bilan aux urgences, retour à domicile le jour même.', 'medecin', 'health')
  await event('2021-03-20', 'event', 'Début de la coordination : le médecin traitant', 'Niveau 1 — suivi par le médecin traitant, pas d’aide à domicile.', 'medecin')
  await event('2022-06-02', 'hospitalisation', 'AVC ischémique, hospitalisation au CHU', 'Unité neurovasculaire puis soins de suite et de réadaptation (6 semaines).', 'medecin')
  await event('2022-07-18', 'transition', 'Retour à domicile après la rééducation', 'Infirmière, kinésithérapeute et orthophoniste à domicile.', 'medecin')
  await event('2022-07-18', 'handover', 'Coordination : son épouse, avec le médecin traitant', 'Niveau 2 — Mme X organise les passages des professionnels ; le médecin traitant reste le coordinateur nommé.', 'medecin')
  await event('2024-02-05', 'newService', 'Accueil de jour deux fois par semaine', 'Après l’apparition de troubles cognitifs (MMS 21/30).', 'social', 'health')
  await event('2025-09-08', 'rupture', 'Hospitalisation de Mme X, aidante principale', 'Monsieur X accueilli en urgence en hébergement temporaire pendant trois semaines.', 'social')
}

/**
 * Monsieur X and his wife join the circle through invitations (each with
 * their own login, as the app does for people without e-mail) and give
 * their views on the goals: on the nursing home they disagree, and the plan
 * keeps both, side by side.
 */
async function seedMonsieurXVoices(app: ConcertoApp, deps: Parameters<typeof editAs>[0], coordinatorId: string): Promise<void> {
  const invitationDeps = { sql: app.sql, invitations: app.invitations, users: app.users, situations: app.situations, audit: app.audit }
  const join = async (input: Parameters<typeof createInvitation>[2], login: string): Promise<string> => {
    // The invitation names the login it is for (issue 14), and is accepted only as that.
    const { token } = await createInvitation(invitationDeps, 'monsieur-x', { ...input, login }, coordinatorId)
    // Their own password, set when they accepted: not a demo login.
    const { userId } = await acceptInvitation(invitationDeps, token, { password: randomBytes(18).toString('base64url') }, 'seed')
    return userId
  }
  const henri = await join({ role: 'person', name: 'Monsieur Henri X', mission: 'La personne concernée' }, 'henri.x')
  const jeanne = await join({ role: 'relative', name: 'Mme Jeanne X', mission: 'Épouse, aidante principale (santé fragile)' }, 'jeanne.x')
  const at = '2025-10-03T15:00:00.000Z'
  await editAs(deps, { situationId: 'monsieur-x', part: 'person' }, henri, (doc) => {
    writeRichText(personRoots(doc).lifeProject, paragraphs('Rester chez moi avec Jeanne, dans la maison que j’ai construite.', 'Jardiner assis, écouter la radio, voir ma fille quand elle vient.'))
    writeView(doc, 'monsieur-x-home', { opinion: 'agree', comment: 'Oui, chez moi.', by: henri, at })
    writeView(doc, 'monsieur-x-ehpad', { opinion: 'disagree', comment: 'Je ne veux pas aller en maison de retraite. Ma place est chez moi, avec Jeanne.', by: henri, at })
  })
  await editAs(deps, { situationId: 'monsieur-x', part: 'person' }, jeanne, (doc) => {
    writeRelativeView(doc, 'monsieur-x-ehpad', { opinion: 'agree', comment: 'Je n’y arrive plus seule la nuit. Préparer le dossier nous rassure, même si Henri ne veut pas.', by: jeanne, at })
    writeRelativeView(doc, 'monsieur-x-caregiver', { opinion: 'agree', comment: 'J’ai besoin de souffler, au moins un week-end par mois.', by: jeanne, at })
  })
}
