import { ASSESSMENT_DOMAINS, type Part } from '../../shared/schema/roots.ts'
import { ACTION_SECTORS, ACTION_STATUSES, COMMITMENTS, GOAL_STATUSES } from '../../shared/schema/plan.ts'
import { MISSING_ANSWERS } from '../../shared/domain/territory.ts'
import { SERAFIN_PH_CODES, isSerafinNeedCode } from '../../shared/domain/serafin-ph.ts'
import { LIFE_DOMAINS, LIFE_PROMPTS, OPINIONS, lifeSectionKey } from '../../shared/schema/person.ts'
import { PERSON_VOICE_ROLES, PLAN_KINDS, type Role } from '../../shared/domain/roles.ts'
import { isCalendarDate } from '../../shared/domain/dates.ts'

/**
 * The document rules of DESIGN.md sections 5 and 5b, per part, as data.
 * server/rules/check.ts applies them to what an update would do to the
 * stored document (server/rules/resolve.ts). Anything not named here
 * (unknown roots, extra row fields, extra keys) is accepted, within the
 * size budgets of shared/protocol/limits.ts.
 *
 * Each rule has a name: a refusal closes the sender with `4403` (not
 * allowed) or `4422` (malformed) and is audited as `sync.refused` with that
 * name, never with document text.
 */

/** Checks one plain value; returns what is wrong with it, or null. */
export type ValueRule = { rule: RuleName; check: (value: unknown, writer: string) => string | null }

export const RULE_NAMES = [
  'closed-situation-read-only',
  'rows-are-tombstoned',
  'row-identity-stays',
  'nested-types-stay',
  'fixed-fragments-stay',
  'views-by-person',
  'relative-views-own-key',
  'views-are-plain-objects',
  'coded-needs-stay',
  'coded-needs-well-formed',
  'authored-text-stays',
  'by-names-writer',
  'calendar-dates',
  'enumerations',
  'timestamps',
  'well-formed',
] as const
export type RuleName = (typeof RULE_NAMES)[number]

const isNullish = (value: unknown): boolean => value === null || value === undefined

const calendarDate: ValueRule = {
  rule: 'calendar-dates',
  check: (value) => (isNullish(value) || isCalendarDate(value) ? null : 'expected a calendar date YYYY-MM-DD'),
}

const oneOf = (values: readonly string[], optional = true): ValueRule => ({
  rule: 'enumerations',
  check: (value) =>
    (optional && isNullish(value)) || (typeof value === 'string' && values.includes(value)) ? null : `expected one of ${values.join(', ')}`,
})

const timestamp: ValueRule = {
  rule: 'timestamps',
  check: (value) => (isNullish(value) || (typeof value === 'string' && value.length <= 64 && !Number.isNaN(Date.parse(value))) ? null : 'expected an ISO 8601 time'),
}

/** Who/when fields name the writer the client-id binding knows, never someone else. */
const writerId = (optional: boolean): ValueRule => ({
  rule: 'by-names-writer',
  check: (value, writer) => ((optional && isNullish(value)) || value === writer ? null : 'must name the writer'),
})

/** A plain array of SERAFIN-PH need codes (an unmet goal's `needCodes`, written whole). */
const needCodes: ValueRule = {
  rule: 'enumerations',
  check: (value) =>
    isNullish(value) || (Array.isArray(value) && value.length <= SERAFIN_PH_CODES.length && value.every(isSerafinNeedCode))
      ? null
      : 'expected an array of SERAFIN-PH need codes',
}

/** Fields every row carries (rows.ts). */
const ROW_META: Record<string, ValueRule> = {
  createdBy: writerId(false),
  updatedBy: writerId(false),
  deletedBy: writerId(true),
  createdAt: timestamp,
  updatedAt: timestamp,
  deletedAt: timestamp,
}

export interface EntryRule {
  /** Roles that may write, replace or remove an entry, or `any` writer of the part (its write right is already required). */
  writers: readonly Role[] | 'any'
  /**
   * How a key must look for this writer: `rowIds` are the plan's goal and
   * action ids; `domain:code` an assessment domain and a SERAFIN-PH code,
   * repeated in the entry's own `domain` and `code`.
   */
  key: 'rowId' | 'rowId:writer' | 'domain:code'
  /** The rule a wrong writer or key breaks. */
  keyRule: RuleName
  /** The rule an entry that is not a plain object (or not matching its key) breaks. */
  shapeRule: RuleName
  /** When set, an entry is never deleted, only tombstoned (a field such as `removedAt`): the rule a delete breaks. */
  neverDeleted?: RuleName
  /** Fields of an entry object, checked on every write. */
  fields: Record<string, ValueRule>
}

export interface PartRules {
  /** Arrays of rows: a row (an element of the array) is never deleted, only tombstoned with `deletedAt`. */
  rowArrays: Record<string, Record<string, ValueRule>>
  /** Root maps whose fields are checked (e.g. the plan's `meta`). */
  mapFields: Record<string, Record<string, ValueRule>>
  /** Root maps of fixed fragments created by the server: never created, deleted or replaced by a client. */
  fixedFragments: Record<string, readonly string[]>
  /** Root maps of per-key entries (plain objects written whole) with their writers, key shape and fields. */
  entries: Record<string, EntryRule>
  /** Roots whose text is authored: nobody removes another author's text in them. */
  authoredText: readonly string[]
}

const NO_RULES: PartRules = { rowArrays: {}, mapFields: {}, fixedFragments: {}, entries: {}, authoredText: [] }

const VIEW_FIELDS: Record<string, ValueRule> = {
  opinion: oneOf(OPINIONS, false),
  by: writerId(false),
  at: timestamp,
  comment: { rule: 'views-are-plain-objects', check: (value) => (isNullish(value) || typeof value === 'string' ? null : 'comment must be text') },
}

export const DOCUMENT_RULES: Record<Part, PartRules> = {
  plan: {
    rowArrays: {
      goals: { ...ROW_META, dueDate: calendarDate, status: oneOf(GOAL_STATUSES), domain: oneOf(ASSESSMENT_DOMAINS) },
      actions: {
        ...ROW_META,
        start: calendarDate,
        dueDate: calendarDate,
        status: oneOf(ACTION_STATUSES),
        sector: oneOf(ACTION_SECTORS),
        commitment: oneOf(COMMITMENTS),
      },
      unmet: { ...ROW_META, missingSince: calendarDate, missingAnswer: oneOf(MISSING_ANSWERS), needCodes },
      decisions: { ...ROW_META },
    },
    mapFields: { meta: { kind: oneOf(PLAN_KINDS), reviewDate: calendarDate } },
    fixedFragments: { assessment: ASSESSMENT_DOMAINS },
    entries: {
      // Coded needs of the assessment (issue 19): any plan writer codes or
      // removes one; removing sets `removedAt`, so the key stays for restore and history.
      assessmentNeeds: {
        writers: 'any',
        key: 'domain:code',
        keyRule: 'coded-needs-well-formed',
        shapeRule: 'coded-needs-well-formed',
        neverDeleted: 'coded-needs-stay',
        fields: {
          domain: oneOf(ASSESSMENT_DOMAINS, false),
          code: { rule: 'coded-needs-well-formed', check: (value) => (isSerafinNeedCode(value) ? null : 'expected a SERAFIN-PH need code') },
          by: writerId(false),
          at: timestamp,
          removedAt: timestamp,
        },
      },
    },
    authoredText: [],
  },
  person: {
    rowArrays: {},
    mapFields: {},
    fixedFragments: { lifeProjectSections: LIFE_DOMAINS.flatMap((domain) => LIFE_PROMPTS.map((prompt) => lifeSectionKey(domain, prompt))) },
    entries: {
      views: { writers: PERSON_VOICE_ROLES, key: 'rowId', keyRule: 'views-by-person', shapeRule: 'views-are-plain-objects', fields: VIEW_FIELDS },
      relativeViews: { writers: ['relative'], key: 'rowId:writer', keyRule: 'relative-views-own-key', shapeRule: 'views-are-plain-objects', fields: VIEW_FIELDS },
    },
    authoredText: ['lifeProject', 'expectations', 'lifeProjectSections'],
  },
  health: NO_RULES,
}

/** Roles that may remove text nobody is bound to (written by the server: seed, restore) in the person's section. */
export const UNBOUND_TEXT_REMOVERS: readonly Role[] = PERSON_VOICE_ROLES
