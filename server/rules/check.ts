import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import type { Part } from '../../shared/schema/roots.ts'
import type { Role } from '../../shared/domain/roles.ts'
import { isSerafinNeedCode } from '../../shared/domain/serafin-ph.ts'
import { ASSESSMENT_DOMAINS, type AssessmentDomain } from '../../shared/schema/roots.ts'
import { DOCUMENT_RULES, UNBOUND_TEXT_REMOVERS, type EntryRule, type PartRules, type RuleName, type ValueRule } from './table.ts'
import type { ItemContent, Removal, Touched, UpdateEffects } from './resolve.ts'

export interface RuleContext {
  part: Part
  writer: { userId: string; role: Role }
  /** The user a Yjs client id is bound to, if any. */
  ownerOf(client: number): string | undefined
  /** The plan's goal and action ids, or null when they cannot be known (then any id-shaped key passes). */
  rowIds(): ReadonlySet<string> | null
}

export interface Violation {
  rule: RuleName
  /** `4403` not allowed, `4422` malformed. */
  code: number
  message: string
}

const ROW_ID_SHAPE = /^[A-Za-z0-9_-]{1,64}$/

const forbidden = (rule: RuleName, message: string): Violation => ({ rule, code: CloseCode.forbidden, message })
const malformed = (rule: RuleName, message: string): Violation => ({ rule, code: CloseCode.updateRejected, message })

/** The plain values an item holds (a map entry holds one; a deleted item none). */
function plainValues(content: ItemContent): unknown[] | 'shared-type' | 'other' {
  if (content instanceof Y.ContentAny) return content.getContent()
  if (content instanceof Y.ContentDeleted) return []
  if (content instanceof Y.ContentType) return 'shared-type'
  return 'other'
}

function checkValue(rule: ValueRule, field: string, content: ItemContent, writer: string): Violation | null {
  const values = plainValues(content)
  if (values === 'shared-type' || values === 'other') return malformed(rule.rule, `${field} must be a plain value`)
  for (const value of values) {
    const problem = rule.check(value, writer)
    if (problem) return (rule.rule === 'by-names-writer' ? forbidden : malformed)(rule.rule, `${field}: ${problem}`)
  }
  return null
}

/**
 * Applies the table of the part to the effects of one update. Returns the
 * first rule the update breaks, or null. Cheap for typing: a text insert
 * falls through every branch on its root name and depth.
 */
export function checkEffects(effects: UpdateEffects, context: RuleContext): Violation | null {
  const rules = DOCUMENT_RULES[context.part]
  for (const removal of effects.removes) {
    const violation = checkRemoval(rules, removal, context, effects.writes)
    if (violation) return violation
  }
  for (const write of effects.writes) {
    const violation = checkWrite(rules, write, context)
    if (violation) return violation
  }
  return null
}

function checkRemoval(rules: PartRules, { place, content, client, how, lastId }: Removal, context: RuleContext, writes: readonly Touched[]): Violation | null {
  const { root, keys } = place
  const depth = keys.length
  const rowFields = rules.rowArrays[root]
  if (rowFields) {
    if (depth === 1) return forbidden('rows-are-tombstoned', `a row of ${root} is never deleted: set deletedAt`)
    if (depth === 2 && keys[1] === 'id') return forbidden('row-identity-stays', `a row's id in ${root} never changes`)
    if (depth === 2 && content instanceof Y.ContentType) return forbidden('nested-types-stay', `the text ${keys[1]} of a row in ${root} is edited, never replaced`)
  }
  const fixed = rules.fixedFragments[root]
  if (fixed && depth === 1 && fixed.includes(keys[0]!)) {
    return forbidden('fixed-fragments-stay', `${root}.${keys[0]} is created by the server and never ${how === 'overwrite' ? 'replaced' : 'deleted'}`)
  }
  const entry = rules.entries[root]
  if (entry && depth === 1) {
    const violation = checkEntryWriter(root, entry, keys[0] ?? '', context, false)
    if (violation) return violation
    // A value set over this one (its origin) deletes it as Yjs does; any other delete takes the key away.
    if (entry.neverDeleted && how === 'delete' && !writes.some((write) => setOver(write, root, keys[0]!, lastId))) {
      return forbidden(entry.neverDeleted, `an entry of ${root} is never deleted: set removedAt`)
    }
  }
  if (rules.authoredText.includes(root) && (content instanceof Y.ContentString || content instanceof Y.ContentEmbed)) {
    const author = context.ownerOf(client)
    const allowed = author === undefined ? UNBOUND_TEXT_REMOVERS.includes(context.writer.role) : author === context.writer.userId
    if (!allowed) return forbidden('authored-text-stays', `text written by someone else in ${root} is not removed`)
  }
  return null
}

const setOver = (write: Touched, root: string, key: string, lastId: Y.ID): boolean =>
  write.place.root === root && write.place.keys.length === 1 && write.place.keys[0] === key && write.origin !== null && Y.compareIDs(write.origin, lastId)

/** `<domain>:<code>`: an assessment domain and a SERAFIN-PH code. */
const splitNeedKey = (key: string): { domain: AssessmentDomain; code: string } | null => {
  const at = key.indexOf(':')
  const domain = key.slice(0, at) as AssessmentDomain
  const code = key.slice(at + 1)
  return at > 0 && ASSESSMENT_DOMAINS.includes(domain) && isSerafinNeedCode(code) ? { domain, code } : null
}

function checkEntryWriter(root: string, entry: EntryRule, key: string, context: RuleContext, writing: boolean): Violation | null {
  const { userId, role } = context.writer
  const rule = entry.keyRule
  if (entry.writers !== 'any' && !entry.writers.includes(role)) return forbidden(rule, `${role} does not write ${root}`)
  if (entry.key === 'domain:code') {
    // Removing keeps the old shape rules out (and a malformed key is never stored).
    if (!writing || splitNeedKey(key)) return null
    return malformed(rule, `${root} keys are <assessment domain>:<SERAFIN-PH code>`)
  }
  let rowId = key
  if (entry.key === 'rowId:writer') {
    if (!key.endsWith(`:${userId}`)) return forbidden(rule, `a key of ${root} is <rowId>:<own user id>`)
    rowId = key.slice(0, key.length - userId.length - 1)
  }
  // Removing keeps the old shape rules out: only who removes matters.
  if (!writing) return null
  const rowIds = context.rowIds()
  if (!ROW_ID_SHAPE.test(rowId) || (rowIds !== null && !rowIds.has(rowId))) return forbidden(rule, `${root} keys name a goal or an action of the plan`)
  return null
}

function checkWrite(rules: PartRules, { place, content }: Touched, context: RuleContext): Violation | null {
  const { root, keys } = place
  const depth = keys.length
  const writer = context.writer.userId
  const rowFields = rules.rowArrays[root]
  if (rowFields && depth === 2 && keys[0] === null && keys[1] !== null) {
    const rule = rowFields[keys[1]!]
    if (rule) return checkValue(rule, keys[1]!, content, writer)
    return null
  }
  const mapFields = rules.mapFields[root]
  if (mapFields && depth === 1 && keys[0] !== null) {
    const rule = mapFields[keys[0]!]
    if (rule) return checkValue(rule, keys[0]!, content, writer)
    return null
  }
  const fixed = rules.fixedFragments[root]
  if (fixed && depth === 1 && fixed.includes(keys[0]!)) {
    return forbidden('fixed-fragments-stay', `${root}.${keys[0]} is created by the server, never by a client`)
  }
  const entry = rules.entries[root]
  if (entry) {
    if (depth !== 1 || keys[0] === null) return malformed('views-are-plain-objects', `${root} holds plain objects under keys`)
    const violation = checkEntryWriter(root, entry, keys[0]!, context, true)
    if (violation) return violation
    return checkEntryValue(entry, root, keys[0]!, content, writer)
  }
  return null
}

function checkEntryValue(entry: EntryRule, root: string, key: string, content: ItemContent, writer: string): Violation | null {
  const values = plainValues(content)
  if (values === 'shared-type' || values === 'other') return malformed(entry.shapeRule, `${root} entries are plain objects, never a shared type`)
  for (const value of values) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return malformed(entry.shapeRule, `${root} entries are plain objects`)
    const record = value as Record<string, unknown>
    for (const [field, rule] of Object.entries(entry.fields)) {
      const problem = rule.check(record[field], writer)
      if (problem) return (rule.rule === 'by-names-writer' ? forbidden : malformed)(rule.rule, `${root}.${field}: ${problem}`)
    }
    // Readers find an entry by its key and trust its own domain and code: both must say the same.
    if (entry.key === 'domain:code' && key !== `${String(record.domain)}:${String(record.code)}`) {
      return malformed(entry.shapeRule, `${root} entries repeat their key's domain and code`)
    }
  }
  return null
}
