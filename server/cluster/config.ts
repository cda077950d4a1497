import { hostname } from 'node:os'
import { z } from 'zod'

const schema = z.object({
  DATABASE_URL: z.string().min(1),
  NODE_ID: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/).optional(),
  LEASE_TTL_MS: z.coerce.number().int().min(100).default(10_000),
  CONTROL_CHANNEL: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('concerto_control'),
})

export interface ClusterConfig {
  databaseUrl: string
  /** This node's name in situation_owners and the control channel; unique per running process. */
  nodeId: string
  /** How long an ownership lasts without renewal, in database time. */
  leaseTtlMs: number
  /** Renewal period: a third of the lease, so two renewals may fail before it lapses. */
  renewEveryMs: number
  /** The LISTEN/NOTIFY channel nodes of one cluster share (`CONTROL_CHANNEL`, default concerto_control). */
  controlChannel?: string
}

/**
 * Cluster mode's settings from the environment. The default node id is the
 * host name and the process id: two processes on one machine never share it.
 * @example const cluster = readClusterConfig(process.env)
 */
export function readClusterConfig(env: Record<string, string | undefined>): ClusterConfig {
  const parsed = schema.parse(env)
  return {
    databaseUrl: parsed.DATABASE_URL,
    nodeId: parsed.NODE_ID ?? `${hostname()}-${process.pid}`,
    leaseTtlMs: parsed.LEASE_TTL_MS,
    renewEveryMs: Math.floor(parsed.LEASE_TTL_MS / 3),
    controlChannel: parsed.CONTROL_CHANNEL,
  }
}
