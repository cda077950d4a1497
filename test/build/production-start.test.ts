import { describe, expect, it } from 'vitest'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/**
 * `npm run build && npm start` from a clean clone of HEAD (committed files only) runs the compiled server with
 * plain node. The clone gets the repository's installed packages through symlinks, except tsx: a server that
 * still needed the TypeScript loader could not even start there. Beyond that, no process of the running tree
 * names tsx on its command line or in NODE_OPTIONS, and none runs esbuild (tsx transpiles through an esbuild
 * child process): both would show a loader at work.
 */
const ROOT = resolve(import.meta.dirname, '..', '..')
const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms))

/** node_modules of the clone: a symlink per installed package, tsx left out (and its bin). */
function linkPackagesWithoutTsx(clone: string): void {
  const source = join(ROOT, 'node_modules')
  const target = join(clone, 'node_modules')
  mkdirSync(join(target, '.bin'), { recursive: true })
  for (const entry of readdirSync(source)) {
    if (entry === 'tsx' || entry === '.bin' || entry === '.vite' || entry === '.cache') continue
    symlinkSync(join(source, entry), join(target, entry))
  }
  for (const entry of readdirSync(join(source, '.bin'))) {
    if (entry === 'tsx') continue
    symlinkSync(join(source, '.bin', entry), join(target, '.bin', entry))
  }
}

/** Every process below `pid` (from /proc: parent ids). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)])
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = []
  const walk = (at: number) => {
    for (const child of children.get(at) ?? []) {
      out.push(child)
      walk(child)
    }
  }
  walk(pid)
  return out
}

const readProc = (pid: number, file: string) => {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8').split('\0').filter(Boolean)
  } catch {
    return []
  }
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 120_000 })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

/** `npm start` in its own process group; resolves once the server printed its address. */
async function npmStart(cwd: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn('npm', ['start', '--silent'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const deadline = Date.now() + 60_000
  for (;;) {
    const url = /Concerto est prêt : (http:\/\/\S+)/.exec(output)?.[1]
    if (url) return { child, url, output: () => output }
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`)
    if (Date.now() > deadline) {
      await stopGroup(child)
      throw new Error(`npm start did not get ready:\n${output}`)
    }
    await sleep(100)
  }
}

/** SIGTERM to the whole group (npm, its shell, node), SIGKILL after 10 s. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {
    return
  }
  const stopBy = Date.now() + 10_000
  while (child.exitCode === null && child.signalCode === null && Date.now() < stopBy) await sleep(100)
  if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL')
}

describe('production build', () => {
  it('npm run build then npm start serve the app from a clean clone with plain node and no tsx, and npm start recompiles a stale server', { timeout: 180_000 }, async () => {
    expect(existsSync('/proc/self/stat'), 'this test reads /proc (Linux)').toBe(true)
    const work = mkdtempSync(join(tmpdir(), 'concerto-clone-'))
    const clone = join(work, 'repo')
    const dataDir = join(work, 'data')
    // vitest runs with NODE_ENV=test; a production build and start must not inherit it, nor any loader.
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', NODE_OPTIONS: '', LOG_LEVEL: 'warn' }
    for (const key of Object.keys(env)) if (key.startsWith('npm_') || key.startsWith('VITEST')) delete env[key]
    let server: ChildProcess | null = null
    try {
      run('git', ['clone', '--quiet', '--shared', ROOT, clone], work, env)
      linkPackagesWithoutTsx(clone)
      // The premise: from the clone, tsx cannot be found (no node_modules above the clone provides it either).
      const probe = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('tsx')"], { cwd: clone, env, encoding: 'utf8' })
      expect(probe.status, 'tsx must not be resolvable from the clone').not.toBe(0)
      run('npm', ['run', 'build', '--silent'], clone, env)
      expect(existsSync(join(clone, 'dist', 'client', 'index.html'))).toBe(true)
      expect(existsSync(join(clone, 'dist', 'server', 'main.js'))).toBe(true)

      let started = await npmStart(clone, { ...env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '1' })
      server = started.child
      const { url } = started
      const output = started.output()
      // A fresh build: npm start did not rebuild (nothing newer), and said so by staying quiet.
      expect(output).not.toMatch(/Construction du client|Compilation du serveur/)

      const health = await fetch(`${url}/healthz`)
      expect(health.status).toBe(200)
      const page = await fetch(`${url}/`)
      expect(page.status).toBe(200)
      const html = await page.text()
      // The built client (hashed module script), not the fallback page of a missing build.
      expect(html).toMatch(/<script type="module"[^>]+src="\/assets\/[^"]+\.js"/)
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'coordination@demo.test', password: 'concerto-demo' }),
      })
      expect(login.status).toBe(200)
      expect(login.headers.getSetCookie().some((cookie) => cookie.startsWith('concerto_session='))).toBe(true)

      const tree = descendants(server.pid!)
      const nodes = tree.filter((pid) => /(^|\/)node$/.test(readProc(pid, 'cmdline')[0] ?? ''))
      expect(nodes.length, 'npm start runs one node process (start.mjs imports the compiled server)').toBe(1)
      const [serverPid] = nodes
      const cmdline = readProc(serverPid!, 'cmdline')
      expect(cmdline.slice(1)).toEqual(['scripts/start.mjs'])
      for (const pid of tree) {
        const line = readProc(pid, 'cmdline').join(' ')
        expect(line).not.toMatch(/tsx|esbuild|--import|--loader|--require/)
        const nodeOptions = readProc(pid, 'environ').find((entry) => entry.startsWith('NODE_OPTIONS='))
        expect(nodeOptions ?? 'NODE_OPTIONS=').toBe('NODE_OPTIONS=')
      }
      // The loader was not there to be found: whatever ran, ran without it.
      expect(existsSync(join(clone, 'node_modules', 'tsx'))).toBe(false)

      // A server source newer than the build: the next npm start compiles again before it serves.
      await stopGroup(server)
      const later = new Date(Date.now() + 5_000)
      utimesSync(join(clone, 'server', 'log.ts'), later, later)
      started = await npmStart(clone, { ...env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '1' })
      server = started.child
      expect(started.output()).toMatch(/Compilation du serveur/)
      expect(started.output()).not.toMatch(/Construction du client/)
      expect((await fetch(`${started.url}/healthz`)).status).toBe(200)
    } finally {
      if (server) await stopGroup(server)
      rmSync(work, { recursive: true, force: true })
    }
  })
})
