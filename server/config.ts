import { z } from 'zod'

/** Environment → typed, validated configuration, read once in main.ts. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DEMO: z.preprocess((value) => (value === '' ? undefined : value), z.enum(['0', '1']).optional()),
  DURABILITY: z.enum(['process', 'full']).default('process'),
  DOC_WRITER: z.enum(['main', 'worker']).default('main'),
  PUBLIC_ORIGIN: z.string().url().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  MAX_FRAME_BYTES: z.coerce.number().int().positive().default(8 * 1024 * 1024),
  UNLOAD_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  COMPACT_AFTER: z.coerce.number().int().min(1).default(500),
  // Past COMPACT_AFTER rows, compaction waits until the log weighs this fraction of the snapshot (0: it does not wait; server/extensions/persist.ts).
  COMPACT_LOG_RATIO: z.coerce.number().min(0).max(100).default(1),
  // The WAL checkpoint worker's period (server/storage/checkpointer.ts says why 100 ms).
  CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(100),
  CLIENT_DIR: z.string().default('./dist/client'),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).optional(),
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URI: z.string().url().optional(),
  OIDC_LABEL: z.string().min(1).max(80).optional(),
  OIDC_ACR_VALUES: z.string().min(1).optional(),
  OIDC_SCOPE: z.string().min(1).optional(),
  OIDC_RPPS_CLAIM: z.string().min(1).optional(),
  // Cluster mode (issue 21): documents in PostgreSQL under situation ownership; the rest is read by server/cluster/config.ts.
  STORE: z.enum(['sqlite', 'postgres']).default('sqlite'),
  DATABASE_URL: z.string().min(1).optional(),
})

export interface Config {
  port: number
  host: string
  dataDir: string
  demo: boolean
  durability: 'process' | 'full'
  /**
   * Who commits the document log: `main` (the event loop, group commit per
   * turn) or `worker` (a worker thread with its own connection; docs/decisions/019).
   */
  docWriter: 'main' | 'worker'
  publicOrigin: string | null
  logLevel: 'debug' | 'info' | 'warn' | 'error'
  maxFrameBytes: number
  unloadDelayMs: number
  compactAfter: number
  compactLogRatio: number
  /** How often the worker thread runs a PASSIVE WAL checkpoint. */
  checkpointIntervalMs: number
  clientDir: string
  /** SMTP server URL (nodemailer); null: mails go to the outbox table. */
  smtpUrl: string | null
  mailFrom: string | null
  /** Read the client address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy: boolean
  /** Generic OpenID Connect sign-on (Pro Santé Connect); null when not configured. */
  oidc: OidcConfig | null
  /**
   * Where the documents live: `sqlite` (embedded, one node) or `postgres`
   * (cluster mode: DATABASE_URL, NODE_ID, LEASE_TTL_MS; docs/operations.md).
   */
  store: 'sqlite' | 'postgres'
  /** PostgreSQL's URL when `store` is `postgres` (the sessions' tables and, in cluster mode, the documents). */
  databaseUrl: string | null
}

export interface OidcConfig {
  issuer: string
  clientId: string
  clientSecret: string | null
  redirectUri: string
  /** The button's provider name ("Pro Santé Connect"). */
  label: string
  scope: string
  /** Requested `acr_values` (e.g. `eidas1` for e-CPS at Pro Santé Connect). */
  acrValues: string | null
  /** The claim holding the RPPS identifier, when the provider sends one. */
  rppsClaim: string
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
    throw new Error(`invalid configuration: ${issues}`)
  }
  const value = parsed.data
  if (value.STORE === 'postgres' && !value.DATABASE_URL) throw new Error('invalid configuration: STORE=postgres needs DATABASE_URL')
  return {
    port: value.PORT,
    host: value.HOST,
    dataDir: value.DATA_DIR,
    // The demo seeds an empty database only where it belongs: a local trial
    // (no PUBLIC_ORIGIN) or an explicit DEMO=1.
    demo: value.DEMO === undefined ? !value.PUBLIC_ORIGIN : value.DEMO === '1',
    durability: value.DURABILITY,
    docWriter: value.DOC_WRITER,
    publicOrigin: value.PUBLIC_ORIGIN ? new URL(value.PUBLIC_ORIGIN).origin : null,
    logLevel: value.LOG_LEVEL,
    maxFrameBytes: value.MAX_FRAME_BYTES,
    unloadDelayMs: value.UNLOAD_DELAY_MS,
    compactAfter: value.COMPACT_AFTER,
    compactLogRatio: value.COMPACT_LOG_RATIO,
    checkpointIntervalMs: value.CHECKPOINT_INTERVAL_MS,
    clientDir: value.CLIENT_DIR,
    smtpUrl: value.SMTP_URL ?? null,
    mailFrom: value.MAIL_FROM ?? null,
    trustProxy: value.TRUST_PROXY === '1',
    oidc: readOidc(value),
    store: value.STORE,
    databaseUrl: value.DATABASE_URL ?? null,
  }
}

function readOidc(value: z.infer<typeof schema>): OidcConfig | null {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_REDIRECT_URI: redirectUri } = value
  if (!issuer && !clientId && !redirectUri) return null
  if (!issuer || !clientId || !redirectUri) {
    throw new Error('invalid configuration: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_REDIRECT_URI go together')
  }
  return {
    issuer,
    clientId,
    clientSecret: value.OIDC_CLIENT_SECRET ?? null,
    redirectUri,
    label: value.OIDC_LABEL ?? 'Pro Santé Connect',
    scope: value.OIDC_SCOPE ?? 'openid',
    acrValues: value.OIDC_ACR_VALUES ?? null,
    rppsClaim: value.OIDC_RPPS_CLAIM ?? 'SubjectNameID',
  }
}
