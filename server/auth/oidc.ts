import type { OidcConfig } from '../config.ts'

/**
 * The relying party of a generic OpenID Connect provider (Pro Santé Connect
 * in production), with openid-client v6: authorization code + PKCE (S256),
 * state and nonce, optional `acr_values` (e-CPS at PSC). The library is
 * loaded, and the provider discovered, on first use only.
 */
export interface SignOnIdentity {
  issuer: string
  subject: string
  /** The RPPS identifier, when the provider sends the configured claim. */
  rpps: string | null
  acr: string | null
}

export interface StartedFlow {
  url: string
  state: string
  nonce: string
  codeVerifier: string
}

type Client = typeof import('openid-client')
type Configuration = import('openid-client').Configuration

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)

export function createOidcRelyingParty(config: OidcConfig) {
  let discovered: Promise<{ client: Client; configuration: Configuration }> | null = null
  const discover = () => {
    discovered ??= (async () => {
      const client = await import('openid-client')
      const issuer = new URL(config.issuer)
      // Plain HTTP only for a provider on this machine (tests, a local trial).
      const execute = issuer.protocol === 'http:' && isLoopback(issuer) ? [client.allowInsecureRequests] : []
      const configuration = await client.discovery(issuer, config.clientId, config.clientSecret ?? undefined, undefined, { execute })
      return { client, configuration }
    })().catch((error: unknown) => {
      discovered = null // the next login tries again
      throw error
    })
    return discovered
  }

  return {
    label: config.label,
    issuer: config.issuer,

    async start(): Promise<StartedFlow> {
      const { client, configuration } = await discover()
      const codeVerifier = client.randomPKCECodeVerifier()
      const state = client.randomState()
      const nonce = client.randomNonce()
      const parameters: Record<string, string> = {
        redirect_uri: config.redirectUri,
        scope: config.scope,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ...(config.acrValues ? { acr_values: config.acrValues } : {}),
      }
      return { url: client.buildAuthorizationUrl(configuration, parameters).href, state, nonce, codeVerifier }
    },

    /** Exchanges the callback's code; throws on any check that fails (state, nonce, PKCE, signature, acr). */
    async finish(search: string, flow: { state: string; nonce: string; codeVerifier: string }): Promise<SignOnIdentity> {
      const { client, configuration } = await discover()
      // The callback as the provider saw it: the configured redirect URI, not the URL behind a proxy.
      const callback = new URL(config.redirectUri)
      callback.search = search
      const tokens = await client.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      })
      const claims = tokens.claims()
      if (!claims) throw new Error('no ID token')
      const acr = typeof claims.acr === 'string' ? claims.acr : null
      if (config.acrValues && (!acr || !config.acrValues.split(' ').includes(acr))) throw new Error('authentication level refused')
      let rpps = typeof claims[config.rppsClaim] === 'string' ? (claims[config.rppsClaim] as string) : null
      if (!rpps && tokens.access_token) {
        const info = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub)
        const value = (info as Record<string, unknown>)[config.rppsClaim]
        rpps = typeof value === 'string' ? value : null
      }
      return { issuer: config.issuer, subject: claims.sub, rpps, acr }
    },
  }
}
export type OidcRelyingParty = ReturnType<typeof createOidcRelyingParty>
