// The native argon2 module loads on the first hash or verification, not at start (docs/PERFORMANCE.md).
const argon2 = () => import('@node-rs/argon2')

// argon2id with OWASP's second recommended profile (19 MiB, 2 iterations).
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const

export const hashPassword = async (password: string): Promise<string> => (await argon2()).hash(password, OPTIONS)

export const verifyPassword = async (passwordHash: string, password: string): Promise<boolean> => {
  const { verify } = await argon2()
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** A hash to verify against when the account does not exist, so both cases cost the same time. */
let dummyHash: Promise<string> | null = null
export const dummyPasswordHash = (): Promise<string> => (dummyHash ??= hashPassword('not-a-real-password-for-timing'))
