import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol/close-codes.ts'
import { personRoots, relativeViewKey, writeRelativeView, writeView } from '../../shared/schema/person.ts'
import { eventually } from '../helpers/clients.ts'
import { expectAccepted, expectRefused, randomClientId, scene, sendRawUpdate, type Scene } from './red-team.ts'
import { keyOf } from '../helpers/document-key.ts'

/**
 * Issue 13, points 1 and 2: the person's words stay theirs. Each case is an
 * attack with stock y-websocket clients on Yanis's section (`yanis/person`):
 * Yanis is the person, his mother (famille@) a relative.
 */
const ROOM = 'yanis/person'
const YANIS = 'user-yanis'
const MOTHER = 'user-famille'

let stage: Scene | null = null
afterEach(async () => {
  await stage?.cleanup()
  stage = null
})

const viewsJson = (doc: Y.Doc) => ({ views: personRoots(doc).views.toJSON(), relativeViews: personRoots(doc).relativeViews.toJSON() })
const lifeProject = (doc: Y.Doc) => personRoots(doc).lifeProject.toString()
const at = () => new Date().toISOString()

describe('the person section refuses what would take the person’s words', () => {
  it('views-by-person: a forged struct re-declaring the person’s view with another parent cannot overwrite it', async () => {
    stage = await scene(ROOM, 'famille@demo.test', 'yanis@demo.test')
    const before = viewsJson(stage.witness.doc)
    expect(before.views['yanis-work']).toMatchObject({ by: YANIS })
    // The id of the item holding Yanis's view, as the mother's synced copy knows it.
    const target = personRoots(stage.attacker.doc).views._map.get('yanis-work')!.id
    // Her copy of that id claims to sit in relativeViews under her own key…
    const forger = new Y.Doc()
    forger.clientID = target.client
    if (target.clock > 0) forger.getText('pad').insert(0, 'x'.repeat(target.clock))
    const key = relativeViewKey('yanis-work', MOTHER)
    forger.getMap('relativeViews').set(key, { opinion: 'agree', comment: '', by: MOTHER, at: at() })
    // …and a new item of hers overwrites "it": Yjs resolves it to Yanis's real view.
    forger.clientID = randomClientId()
    forger.getMap('relativeViews').set(key, { opinion: 'disagree', comment: 'Je ne veux pas travailler.', by: YANIS, at: at() })
    sendRawUpdate(stage.attacker, Y.encodeStateAsUpdate(forger))
    await expectRefused(stage, { code: CloseCode.forbidden, rule: 'views-by-person', read: viewsJson, before, witnessEmail: 'yanis@demo.test' })
  }, 30_000)

  it('well-formed: a copy re-declaring a stored item is cut out of an accepted update, never stored nor broadcast', async () => {
    stage = await scene(ROOM, 'famille@demo.test', 'yanis@demo.test')
    const { attacker: mother, witness: yanis, server } = stage
    const target = personRoots(mother.doc).views._map.get('yanis-work')!.id
    // Her update carries a copy of the item holding Yanis's view, claiming another parent, beside a harmless new key of her own.
    const forger = new Y.Doc()
    forger.clientID = target.client
    if (target.clock > 0) forger.getText('pad').insert(0, 'x'.repeat(target.clock))
    forger.getMap('relativeViews').set(relativeViewKey('yanis-housing', 'someone'), { opinion: 'agree', comment: '', by: MOTHER, at: at() })
    const ownClient = randomClientId()
    forger.clientID = ownClient
    forger.getMap('relativeViews').set(relativeViewKey('yanis-work', MOTHER), { opinion: 'agree', comment: 'Bien.', by: MOTHER, at: at() })
    const seen: Uint8Array[] = []
    yanis.doc.on('update', (update: Uint8Array) => seen.push(update))
    const storedBefore = (await server.concerto.store.load(keyOf(ROOM))).updates.length
    sendRawUpdate(mother, Y.encodeStateAsUpdate(forger))
    await eventually(() => expect(personRoots(yanis.doc).relativeViews.get(relativeViewKey('yanis-work', MOTHER))).toMatchObject({ comment: 'Bien.' }))
    expect(mother.closeCodes).toEqual([])
    // Stored: only her new item; no struct of the re-declared client.
    await server.concerto.rooms.get(ROOM)!.flush()
    const rows = (await server.concerto.store.load(keyOf(ROOM))).updates.slice(storedBefore)
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      const clients = Y.decodeUpdate(row.bytes).structs.map((struct) => struct.id.client)
      expect(clients).not.toContain(target.client)
      expect(clients).toContain(ownClient)
    }
    // Broadcast: the same (what Yanis received carries no copy of his own item).
    for (const update of seen) expect(Y.decodeUpdate(update).structs.map((struct) => struct.id.client)).not.toContain(target.client)
    expect(personRoots(yanis.doc).views.get('yanis-work')).toMatchObject({ by: YANIS })
  }, 30_000)

  it('views-by-person: a relative cannot delete the person’s view (a delete-only update)', async () => {
    stage = await scene(ROOM, 'famille@demo.test', 'yanis@demo.test')
    const before = viewsJson(stage.witness.doc)
    personRoots(stage.attacker.doc).views.delete('yanis-work')
    await expectRefused(stage, { code: CloseCode.forbidden, rule: 'views-by-person', read: viewsJson, before, witnessEmail: 'yanis@demo.test' })
  }, 30_000)

  it('relative-views-own-key: the person cannot delete a relative’s view', async () => {
    stage = await scene(ROOM, 'yanis@demo.test', 'famille@demo.test')
    const before = viewsJson(stage.witness.doc)
    expect(before.relativeViews[relativeViewKey('yanis-housing', MOTHER)]).toMatchObject({ by: MOTHER })
    personRoots(stage.attacker.doc).relativeViews.delete(relativeViewKey('yanis-housing', MOTHER))
    await expectRefused(stage, { code: CloseCode.forbidden, rule: 'relative-views-own-key', read: viewsJson, before, witnessEmail: 'famille@demo.test' })
  }, 30_000)

  it('authored-text-stays: a relative cannot erase the text the person wrote in his life project', async () => {
    stage = await scene(ROOM, 'famille@demo.test', 'yanis@demo.test')
    const before = lifeProject(stage.witness.doc)
    expect(before).toContain('jardins')
    personRoots(stage.attacker.doc).lifeProject.delete(0, 1)
    await expectRefused(stage, { code: CloseCode.forbidden, rule: 'authored-text-stays', read: lifeProject, before, witnessEmail: 'yanis@demo.test' })
  }, 30_000)

  it('by-names-writer: a relative cannot write her own key with `by` naming the person', async () => {
    stage = await scene(ROOM, 'famille@demo.test', 'yanis@demo.test')
    const before = viewsJson(stage.witness.doc)
    personRoots(stage.attacker.doc).relativeViews.set(relativeViewKey('yanis-work', MOTHER), { opinion: 'disagree', comment: 'Non.', by: YANIS, at: at() })
    await expectRefused(stage, { code: CloseCode.forbidden, rule: 'by-names-writer', read: viewsJson, before, restart: false })
  }, 30_000)

  it('relative-views-own-key: a key `<goalId>:<personId>:<relativeId>` is refused', async () => {
    stage = await scene(ROOM, 'famille@demo.test', 'yanis@demo.test')
    const before = viewsJson(stage.witness.doc)
    personRoots(stage.attacker.doc).relativeViews.set(`yanis-work:${YANIS}:${MOTHER}`, { opinion: 'disagree', comment: 'Non.', by: MOTHER, at: at() })
    await expectRefused(stage, { code: CloseCode.forbidden, rule: 'relative-views-own-key', read: viewsJson, before, restart: false })
  }, 30_000)

  it('relative-views-own-key: a key naming a row that is not a goal or action of the plan is refused', async () => {
    stage = await scene(ROOM, 'famille@demo.test', 'yanis@demo.test')
    const before = viewsJson(stage.witness.doc)
    personRoots(stage.attacker.doc).relativeViews.set(relativeViewKey('no-such-goal', MOTHER), { opinion: 'agree', comment: '', by: MOTHER, at: at() })
    await expectRefused(stage, { code: CloseCode.forbidden, rule: 'relative-views-own-key', read: viewsJson, before, restart: false })
  }, 30_000)

  it('views-are-plain-objects: a view that is a nested shared type is refused', async () => {
    stage = await scene(ROOM, 'yanis@demo.test', 'famille@demo.test')
    const before = viewsJson(stage.witness.doc)
    personRoots(stage.attacker.doc).views.set('yanis-housing', new Y.Map())
    await expectRefused(stage, { code: CloseCode.updateRejected, rule: 'views-are-plain-objects', read: viewsJson, before, restart: false })
  }, 30_000)

  it('legitimate edits pass: each writes their own view, the mother writes and erases her own words', async () => {
    stage = await scene(ROOM, 'famille@demo.test', 'yanis@demo.test')
    const { attacker: mother, witness: yanis } = stage
    writeRelativeView(mother.doc, 'yanis-work', { opinion: 'agree', comment: 'Il aime être dehors.', by: MOTHER, at: at() })
    await expectAccepted(stage, (doc) => personRoots(doc).relativeViews.get(relativeViewKey('yanis-work', MOTHER)), {
      opinion: 'agree',
      comment: 'Il aime être dehors.',
      by: MOTHER,
      at: expect.any(String),
    })
    // Replacing and removing her own key.
    personRoots(mother.doc).relativeViews.delete(relativeViewKey('yanis-work', MOTHER))
    await expectAccepted(stage, (doc) => personRoots(doc).relativeViews.has(relativeViewKey('yanis-work', MOTHER)), false)
    // Yanis replaces his own view.
    writeView(yanis.doc, 'yanis-work', { opinion: 'unsure', comment: 'Je réfléchis.', by: YANIS, at: at() })
    await eventually(() => expect(personRoots(mother.doc).views.get('yanis-work')).toMatchObject({ opinion: 'unsure', by: YANIS }))
    // The mother adds a paragraph of her own, then erases it.
    const paragraph = new Y.XmlElement('paragraph')
    personRoots(mother.doc).lifeProject.push([paragraph])
    paragraph.insert(0, [new Y.XmlText('Écrit par sa mère.')])
    await expectAccepted(stage, (doc) => lifeProject(doc).includes('Écrit par sa mère.'), true)
    const fragment = personRoots(mother.doc).lifeProject
    fragment.delete(fragment.length - 1, 1)
    await expectAccepted(stage, (doc) => lifeProject(doc).includes('Écrit par sa mère.'), false)
    expect(yanis.closeCodes).toEqual([])
  }, 30_000)
})
