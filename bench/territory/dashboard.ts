/**
 * Benchmark of the territory dashboard (issue 19): a département holding
 * 10,000 situations (and 2,000 in a neighbour, to be skipped by the index),
 * with ~1.6 coded unmet needs each and a rupture or hospitalisation for one
 * in three, written straight into SQL as the needs projection would; then
 * `GET /api/territories/37/dashboard` through the app (auth, SQL, folding,
 * complementary suppression, JSON): the first request (after the header's
 * `/api/me/territories` has read the communes list), then 30 more.
 *
 * Run: node --import tsx bench/territory/dashboard.ts [situations]
 * Goal: < 300 ms on this machine.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readConfig } from '../../server/config.ts'
import { silentLogger } from '../../server/log.ts'
import { openDatabase } from '../../server/storage/db.ts'
import { createApp } from '../../server/app.ts'
import { hashPassword } from '../../server/auth/passwords.ts'
import { SERAFIN_PH_NEEDS } from '../../shared/domain/serafin-ph.ts'
import { MISSING_ANSWERS } from '../../shared/domain/territory.ts'
import { loadCommunes } from '../../server/domain/territory-communes.ts'

const COUNT = Number(process.argv[2] ?? 10_000)
const COMMUNES_37 = ['37261', '37122', '37208', '37003', '37072', '37132', '37214', '37031', '37156', '37233', '37109', '37050']
const LEAVES = SERAFIN_PH_NEEDS.filter((need) => need.level === 3 || need.code.startsWith('1.1.')).map((need) => need.code)

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'concerto-bench-territory-'))
  const db = openDatabase({ dataDir: dir })
  const concerto = createApp({ config: readConfig({ DATA_DIR: dir, UNLOAD_DELAY_MS: '0' }), db, log: silentLogger() })
  try {
    concerto.users.insert({ id: 'pilot', email: 'pilot@bench.test', login: null, name: 'Pilot', passwordHash: await hashPassword('bench-password'), createdAt: new Date().toISOString() })
    concerto.pilots.grant('pilot', '37', null)

    let seed = 42
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10)
    const insertSituation = db.prepare(
      `INSERT INTO situations (id, title, kind, person_name, status, review_date, created_at, created_by, stage, level, territory)
       VALUES (?, ?, ?, '', ?, ?, ?, 'pilot', 'followUp', ?, ?)`,
    )
    const insertNeed = db.prepare('INSERT OR IGNORE INTO unmet_needs (situation_id, row_id, need_code, missing_answer, missing_since, projected_at) VALUES (?, ?, ?, ?, ?, ?)')
    const insertEvent = db.prepare("INSERT INTO timeline_events (id, situation_id, date, kind, title, detail, created_by, created_at) VALUES (?, ?, ?, ?, '', '', 'pilot', ?)")
    const started = performance.now()
    db.transaction(() => {
      const write = (index: number, communes: string[]) => {
        const id = `bench-${index}`
        const kind = (['pag', 'pps', 'ppcs'] as const)[Math.floor(random() * 3)]!
        insertSituation.run(id, `Situation ${index}`, kind, random() < 0.9 ? 'open' : 'closed', day(Math.floor(random() * 200) - 100), `${day(400 + Math.floor(random() * 800))}T09:00:00.000Z`, 1 + Math.floor(random() * 4), communes[Math.floor(random() * communes.length)]!)
        const needs = 1 + Math.floor(random() * 2.2)
        for (let n = 0; n < needs; n++) {
          insertNeed.run(id, `${id}-unmet-${n}`, LEAVES[Math.floor(random() * LEAVES.length)]!, random() < 0.8 ? MISSING_ANSWERS[Math.floor(random() * 4)]! : null, day(Math.floor(random() * 700)), new Date().toISOString())
        }
        if (random() < 0.33) {
          const date = day(Math.floor(random() * 360))
          insertEvent.run(`${id}-event`, id, date, random() < 0.5 ? 'rupture' : 'hospitalisation', `${date}T12:00:00.000Z`)
        }
      }
      for (let i = 0; i < COUNT; i++) write(i, COMMUNES_37)
      for (let i = 0; i < 2000; i++) write(COUNT + i, ['41018', '45234'])
    })()
    const seeded = performance.now() - started
    const needRows = db.prepare('SELECT count(*) FROM unmet_needs').pluck().get() as number

    const login = await concerto.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'pilot@bench.test', password: 'bench-password' }),
    })
    if (login.status !== 200) throw new Error(`login failed: ${login.status}`)
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const get = async (query = '') => {
      const t = performance.now()
      const response = await concerto.app.request(`/api/territories/37/dashboard${query}`, { headers: { cookie } })
      const body = await response.text()
      if (response.status !== 200) throw new Error(`dashboard ${response.status}: ${body}`)
      return { ms: performance.now() - t, bytes: body.length, body }
    }
    // As the page does: the header asks which départements the account pilots, which reads the communes list ahead.
    await concerto.app.request('/api/me/territories', { headers: { cookie } })
    const communesStarted = performance.now()
    await loadCommunes()
    const communesMs = performance.now() - communesStarted
    const cold = await get()
    const warm: number[] = []
    for (let i = 0; i < 30; i++) warm.push((await get()).ms)
    const filtered: number[] = []
    for (let i = 0; i < 10; i++) filtered.push((await get('?kind=pag&level=3')).ms)
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b)
    const pct = (values: number[], p: number) => sorted(values)[Math.min(values.length - 1, Math.floor(p * values.length))]!
    const board = JSON.parse(cold.body) as { situations: { total: { value: number } } }
    const result = {
      situations: COUNT,
      otherDepartement: 2000,
      unmetNeedRows: needRows,
      activeInDashboard: board.situations.total.value,
      seedMs: Math.round(seeded),
      communesListLoadMs: Math.round(communesMs),
      firstRequestMs: Math.round(cold.ms),
      warmMedianMs: Math.round(pct(warm, 0.5)),
      warmP95Ms: Math.round(pct(warm, 0.95)),
      warmMaxMs: Math.round(Math.max(...warm)),
      filteredMedianMs: Math.round(pct(filtered, 0.5)),
      responseBytes: cold.bytes,
      goalMs: 300,
      pass: pct(warm, 0.95) < 300,
    }
    console.log(JSON.stringify(result, null, 2))
  } finally {
    await concerto.rooms.shutdown()
    db.close()
    if (process.env.KEEP_DATA === "1") console.error(`data kept in ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
