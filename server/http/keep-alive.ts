import type { Server } from 'node:http'

/**
 * How long an idle keep-alive connection stays open. Node closes one after 5 s
 * by default, while nginx keeps its upstream connections (deploy/nginx.conf,
 * `keepalive_timeout` 60 s) and browsers and API clients theirs for longer:
 * a request sent on a connection the server is closing at that moment is
 * reset, and nginx answers a POST caught that way with 502 (it never retries
 * a request already sent). Closing later than the proxy does leaves the
 * proxy always the one to close.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000

/** Applies the keep-alive timeout (and a headers timeout above it, which Node requires). */
export function keepIdleConnections(server: Pick<Server, 'keepAliveTimeout' | 'headersTimeout'>): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000
}
