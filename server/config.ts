import { z } from 'zod'

/** Environment → typed, validated configuration, read once in main.ts. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DEMO: z.enum(['0', '1']).default('1'),
  DURABILITY: z.enum(['process', 'full']).default('process'),
  PUBLIC_ORIGIN: z.string().url().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  MAX_FRAME_BYTES: z.coerce.number().int().positive().default(8 * 1024 * 1024),
  UNLOAD_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  COMPACT_AFTER: z.coerce.number().int().min(1).default(500),
  CLIENT_DIR: z.string().default('./dist/client'),
})

export interface Config {
  port: number
  host: string
  dataDir: string
  demo: boolean
  durability: 'process' | 'full'
  publicOrigin: string | null
  logLevel: 'debug' | 'info' | 'warn' | 'error'
  maxFrameBytes: number
  unloadDelayMs: number
  compactAfter: number
  clientDir: string
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
    throw new Error(`invalid configuration: ${issues}`)
  }
  const value = parsed.data
  return {
    port: value.PORT,
    host: value.HOST,
    dataDir: value.DATA_DIR,
    demo: value.DEMO === '1',
    durability: value.DURABILITY,
    publicOrigin: value.PUBLIC_ORIGIN ? new URL(value.PUBLIC_ORIGIN).origin : null,
    logLevel: value.LOG_LEVEL,
    maxFrameBytes: value.MAX_FRAME_BYTES,
    unloadDelayMs: value.UNLOAD_DELAY_MS,
    compactAfter: value.COMPACT_AFTER,
    clientDir: value.CLIENT_DIR,
  }
}
