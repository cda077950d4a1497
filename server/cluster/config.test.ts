import { describe, expect, it } from 'vitest'
import { readClusterConfig } from './config.ts'

describe('the cluster configuration', () => {
  it('reads the node id and the lease, and renews at a third of the lease', () => {
    const config = readClusterConfig({ DATABASE_URL: 'postgres://db/concerto', NODE_ID: 'node-2', LEASE_TTL_MS: '3000' })
    expect(config).toEqual({ databaseUrl: 'postgres://db/concerto', nodeId: 'node-2', leaseTtlMs: 3000, renewEveryMs: 1000, controlChannel: 'concerto_control' })
  })

  it('defaults to a 10 s lease and a node id unique to this process', () => {
    const config = readClusterConfig({ DATABASE_URL: 'postgres://db/concerto' })
    expect(config.leaseTtlMs).toBe(10_000)
    expect(config.nodeId).toMatch(new RegExp(`-${process.pid}$`))
  })

  it('refuses a missing database and a lease too short to renew', () => {
    expect(() => readClusterConfig({})).toThrow()
    expect(() => readClusterConfig({ DATABASE_URL: 'postgres://db/concerto', LEASE_TTL_MS: '10' })).toThrow()
  })
})
