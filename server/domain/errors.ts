/**
 * A use case refused for a reason the caller can act on. The HTTP layer maps
 * `status` to the response; the domain itself knows nothing of HTTP.
 */
export class DomainError extends Error {
  override name = 'DomainError'
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }
}
