/**
 * Creates an account from the command line: the way to start a server
 * without the demo (issue 14).
 *
 *   npm run create-user -- --email E --name N [--password P] [--login L]
 *     [--service "DAC Gironde" [--service-role coordinator|intake] [--service-kind dac|mdph|msp|other]]
 *   (DATA_DIR=./data node --import tsx scripts/create-user.ts …)
 *
 * Without --password a random passphrase is generated and printed once.
 * The operator vouches for the address: it counts as proven (an account
 * created here can be added to situations by e-mail at once). The account
 * belongs to no situation yet: it creates its own, or is added to others.
 * With --service the account works at that service's front door (issue 15,
 * decision 016): a coordinator decides its requests (the default role), the
 * intake desk reads them. The service is created if missing (--service-kind,
 * default other). Given an existing account's address with --service, it only
 * joins the service (its password and name are left as they are).
 * Exit codes: 0 created (or joined), 1 failed (e.g. address taken), 2 usage.
 */
import { randomBytes } from 'node:crypto'
import { nanoid } from 'nanoid'
import { z } from 'zod'
import { hashPassword } from '../server/auth/passwords.ts'
import { openDatabase } from '../server/storage/db.ts'
import { openSqlDatabase } from '../server/storage/sql/open.ts'
import { createUserRows } from '../server/storage/users.ts'
import { createAuditRows } from '../server/storage/audit.ts'
import { createServiceRows } from '../server/storage/services.ts'
import { SERVICE_KINDS, SERVICE_ROLES } from '../shared/api/intake.ts'

const USAGE =
  'npm run create-user -- --email E --name N [--password P] [--login L] [--service "NAME" [--service-role coordinator|intake] [--service-kind dac|mdph|msp|other]]'

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: ${USAGE}\n`)
  process.exit(2)
}

function parseArgs(argv: string[]): Record<string, string> {
  const values: Record<string, string> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (!arg.startsWith('--')) usage(`unexpected argument: ${arg}`)
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined]
    const value = inline ?? argv[++i]
    if (value === undefined || value.startsWith('--')) usage(`--${key} needs a value`)
    values[key] = value
  }
  return values
}

const schema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(8, 'at least 8 characters').max(1024).optional(),
  login: z.string().trim().min(3).max(64).regex(/^[\p{L}\p{N}._-]+$/u).optional(),
  service: z.string().trim().min(1).max(200).optional(),
  'service-role': z.enum(SERVICE_ROLES).optional(),
  'service-kind': z.enum(SERVICE_KINDS).optional(),
})

async function main(): Promise<void> {
  const parsed = schema.safeParse(parseArgs(process.argv.slice(2)))
  if (!parsed.success) usage(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; '))
  const { email, name, login, service: serviceName } = parsed.data
  if (!serviceName && (parsed.data['service-role'] || parsed.data['service-kind'])) usage('--service-role and --service-kind go with --service')
  const generated = parsed.data.password === undefined
  const password = parsed.data.password ?? randomBytes(18).toString('base64url')
  const db = openDatabase({ dataDir: process.env.DATA_DIR ?? './data' })
  // The accounts live where the server keeps them (docs/decisions/018): PostgreSQL with STORE=postgres, else this file.
  const databaseUrl = process.env.STORE === 'postgres' ? process.env.DATABASE_URL : undefined
  const sql = await openSqlDatabase(databaseUrl ? { engine: 'postgres', connectionString: databaseUrl } : { engine: 'sqlite', db })
  try {
    const users = createUserRows(sql)
    const audit = createAuditRows(sql)
    const existing = await users.byIdentifier(email)
    const holder = login ? await users.byIdentifier(login) : undefined
    if ((existing && !serviceName) || (holder && holder.id !== existing?.id)) {
      process.stderr.write(`an account already has this e-mail or login name\n`)
      process.exitCode = 1
      return
    }
    let id = existing?.id
    if (!id) {
      id = `user-${nanoid(12)}`
      const now = new Date().toISOString()
      await users.insert({ id, email, login: login ?? null, name, passwordHash: await hashPassword(password), createdAt: now, emailVerifiedAt: now })
      await audit.append({ situationId: null, userId: id, action: 'account.create', detail: { by: 'create-user' }, address: 'command line' })
      process.stdout.write(`Compte créé : ${email} (${name})\n`)
      if (generated) process.stdout.write(`Mot de passe (affiché une seule fois) : ${password}\n`)
    } else {
      process.stdout.write(`Compte existant : ${email} (mot de passe inchangé)\n`)
    }
    if (serviceName) {
      const services = createServiceRows(sql)
      const role = parsed.data['service-role'] ?? 'coordinator'
      const service = (await services.byName(serviceName)) ?? (await services.create({ name: serviceName, kind: parsed.data['service-kind'] ?? 'other' }))
      await services.setMember(service.id, id, role)
      await audit.append({ situationId: null, userId: id, action: 'service.member', target: service.id, detail: { by: 'create-user', role }, address: 'command line' })
      process.stdout.write(`Service : ${service.name} (${role === 'coordinator' ? 'coordination' : 'accueil'})\n`)
    }
  } finally {
    await sql.destroy()
    db.close()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`create-user failed: ${(error as Error).message}\n`)
  process.exit(1)
})
