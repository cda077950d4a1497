/**
 * The SERAFIN-PH needs nomenclature (branch 1, "Besoins"), as data shared by
 * the plan's pickers, the server's projection and the observatory.
 *
 * Source: "Nomenclatures des besoins et des prestations détaillées", CNSA/DGCS
 * project SERAFIN-PH, version validated by the comité stratégique of
 * 27 April 2018 (unchanged since, per the CNSA's December 2020 guide). Codes
 * and labels are copied from the ANS terminology server: value set
 * JDV_J285-Besoins_SERAFIN (OID 1.2.250.1.213.3.3.254, version
 * 20241025120000) over the code system https://smt.esante.gouv.fr/terminologie-SERAFINPH
 * (version 2023.1.0). That publication stops at these codes: in the 2018
 * version the health needs are the ten blocks 1.1.1 … 1.1.10 (the 2016
 * version numbered them 1.1.1.x), the autonomy and participation needs go
 * down to 1.2.1.x and 1.3.x.y. Nothing here is invented: a code absent from
 * the ANS value set is absent here.
 */

export const SERAFIN_PH_SOURCE = {
  title: 'Nomenclatures des besoins et des prestations détaillées SERAFIN-PH (CNSA, DGCS)',
  nomenclatureVersion: 'Comité stratégique du 27 avril 2018',
  codeSystem: 'https://smt.esante.gouv.fr/terminologie-SERAFINPH',
  codeSystemVersion: '2023.1.0',
  valueSet: 'https://mos.esante.gouv.fr/NOS/JDV_J285-Besoins_SERAFIN/FHIR/JDV-J285-Besoins-SERAFIN',
  valueSetVersion: '20241025120000',
} as const

export interface SerafinNeed {
  /** Dotted code, e.g. `1.3.3.2`. */
  code: string
  /** The official French label. */
  label: string
  /** The parent code, or null for the three blocks 1.1, 1.2 and 1.3. */
  parent: string | null
  /** 1 for the blocks (1.1), 2 for their groups (1.2.1), 3 for the detailed needs (1.2.1.1). */
  level: 1 | 2 | 3
}

type Row = readonly [code: string, label: string]

/** In the value set's order, grouped; the health needs have no level-3 detail in the 2018 version. */
const ROWS: readonly Row[] = [
  ['1.1', 'Besoins en matière de santé somatique ou psychique'],
  ['1.1.1', 'Besoins en matière de fonctions mentales, psychiques, cognitives et du système nerveux'],
  ['1.1.2', 'Besoins en matière de fonctions sensorielles'],
  ['1.1.3', 'Besoins en matière de douleur'],
  ['1.1.4', 'Besoins relatifs à la voix, à la parole et à l’appareil bucco-dentaire'],
  ['1.1.5', 'Besoins en matière de fonctions cardio-vasculaire, hématopoïétique, immunitaire et respiratoire'],
  ['1.1.6', 'Besoins en matière de fonctions digestive, métabolique et endocrinienne'],
  ['1.1.7', 'Besoins en matière de fonctions génito-urinaire et reproductive'],
  ['1.1.8', 'Besoins en matière de fonctions locomotrices'],
  ['1.1.9', 'Besoins relatifs à la peau et aux structures associées'],
  ['1.1.10', 'Besoins pour entretenir et prendre soin de sa santé'],
  ['1.2', 'Besoins en matière d’autonomie'],
  ['1.2.1', 'Besoins en matière d’autonomie'],
  ['1.2.1.1', 'Besoins en lien avec l’entretien personnel'],
  ['1.2.1.2', 'Besoins en lien avec les relations et les interactions avec autrui'],
  ['1.2.1.3', 'Besoins pour la mobilité'],
  ['1.2.1.4', 'Besoins pour prendre des décisions adaptées et pour la sécurité'],
  ['1.3', 'Besoins pour la participation sociale'],
  ['1.3.1', 'Besoins pour accéder aux droits et à la citoyenneté'],
  ['1.3.1.1', 'Besoins pour accéder aux droits et à la citoyenneté'],
  ['1.3.2', 'Besoins pour vivre dans un logement et accomplir les activités domestiques'],
  ['1.3.2.1', 'Besoins pour vivre dans un logement'],
  ['1.3.2.2', 'Besoins pour accomplir les activités domestiques'],
  ['1.3.3', 'Besoins pour l’insertion sociale et professionnelle et pour exercer ses rôles sociaux'],
  ['1.3.3.1', 'Besoins en lien avec la vie scolaire et étudiante'],
  ['1.3.3.2', 'Besoins en lien avec le travail et l’emploi'],
  ['1.3.3.3', 'Besoins transversaux en matière d’apprentissages'],
  ['1.3.3.4', 'Besoins pour la vie familiale, la parentalité, la vie affective et sexuelle'],
  ['1.3.3.5', 'Besoins pour apprendre à être pair-aidant'],
  ['1.3.4', 'Besoins pour participer à la vie sociale et se déplacer avec un moyen de transport'],
  ['1.3.4.1', 'Besoins pour participer à la vie sociale'],
  ['1.3.4.2', 'Besoins pour se déplacer avec un moyen de transport'],
  ['1.3.5', 'Besoins en matière de ressources et d’autosuffisance économique'],
  ['1.3.5.1', 'Besoins en matière de ressources et d’autosuffisance économique'],
]

const parentOf = (code: string): string | null => {
  const parts = code.split('.')
  return parts.length <= 2 ? null : parts.slice(0, -1).join('.')
}

export const SERAFIN_PH_NEEDS: readonly SerafinNeed[] = ROWS.map(([code, label]) => ({
  code,
  label,
  parent: parentOf(code),
  level: Math.min(3, code.split('.').length - 1) as 1 | 2 | 3,
}))

const BY_CODE = new Map(SERAFIN_PH_NEEDS.map((need) => [need.code, need]))

/** Every code a plan may carry (blocks, groups and detailed needs alike). */
export const SERAFIN_PH_CODES: readonly string[] = SERAFIN_PH_NEEDS.map((need) => need.code)

export const isSerafinNeedCode = (code: unknown): code is string => typeof code === 'string' && BY_CODE.has(code)

export const serafinNeed = (code: string): SerafinNeed | null => BY_CODE.get(code) ?? null

/** The label of a code, or the code itself when unknown (a newer client's code stays readable). */
export const serafinLabel = (code: string): string => BY_CODE.get(code)?.label ?? code

/** Lower case without accents or typographic apostrophes, so "sante" finds "santé" and "l'emploi" finds "l’emploi". */
export const foldForSearch = (text: string): string =>
  text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[’‘]/g, "'").toLowerCase()

/**
 * The needs whose code starts with the query or whose label contains every
 * word of it, detailed needs first.
 *
 * @example searchSerafinNeeds('emploi')[0].code // '1.3.3.2'
 */
export function searchSerafinNeeds(query: string, limit = 20): SerafinNeed[] {
  const folded = foldForSearch(query.trim())
  if (folded === '') return SERAFIN_PH_NEEDS.slice(0, limit)
  const words = folded.split(/\s+/).filter(Boolean)
  return SERAFIN_PH_NEEDS.filter(
    (need) => need.code.startsWith(folded) || words.every((word) => foldForSearch(need.label).includes(word)),
  )
    .sort((a, b) => (a.code.startsWith(folded) === b.code.startsWith(folded) ? b.level - a.level : a.code.startsWith(folded) ? -1 : 1))
    .slice(0, limit)
}
