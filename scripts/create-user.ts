/**
 * Creates an account from the command line: the way to start a server
 * without the demo (issue 14).
 *
 *   npm run create-user -- --email E --name N [--password P] [--login L]
 *   (DATA_DIR=./data node --import tsx scripts/create-user.ts …)
 *
 * Without --password a random passphrase is generated and printed once.
 * The operator vouches for the address: it counts as proven (an account
 * created here can be added to situations by e-mail at once). The account
 * belongs to no situation yet: it creates its own, or is added to others.
 * Exit codes: 0 created, 1 failed (e.g. address taken), 2 usage.
 */
import { randomBytes } from 'node:crypto'
import { nanoid } from 'nanoid'
import { z } from 'zod'
import { hashPassword } from '../server/auth/passwords.ts'
import { openDatabase } from '../server/storage/db.ts'
import { createUserRows } from '../server/storage/users.ts'
import { createAuditRows } from '../server/storage/audit.ts'

const USAGE = 'npm run create-user -- --email E --name N [--password P] [--login L]'

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
})

async function main(): Promise<void> {
  const parsed = schema.safeParse(parseArgs(process.argv.slice(2)))
  if (!parsed.success) usage(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; '))
  const { email, name, login } = parsed.data
  const generated = parsed.data.password === undefined
  const password = parsed.data.password ?? randomBytes(18).toString('base64url')
  const db = openDatabase({ dataDir: process.env.DATA_DIR ?? './data' })
  try {
    const users = createUserRows(db)
    if (users.byIdentifier(email) || (login && users.byIdentifier(login))) {
      process.stderr.write(`an account already has this e-mail or login name\n`)
      process.exitCode = 1
      return
    }
    const id = `user-${nanoid(12)}`
    const now = new Date().toISOString()
    users.insert({ id, email, login: login ?? null, name, passwordHash: await hashPassword(password), createdAt: now, emailVerifiedAt: now })
    createAuditRows(db).append({ situationId: null, userId: id, action: 'account.create', detail: { by: 'create-user' }, address: 'command line' })
    process.stdout.write(`Compte créé : ${email} (${name})\n`)
    if (generated) process.stdout.write(`Mot de passe (affiché une seule fois) : ${password}\n`)
  } finally {
    db.close()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`create-user failed: ${(error as Error).message}\n`)
  process.exit(1)
})
