/**
 * Structured JSON lines on stdout/stderr. Callers pass context objects; keys
 * that could carry secrets are redacted here as a last line of defence, but
 * the rule is never to log tokens, passwords or document text at all.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error'

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void
  info(message: string, context?: Record<string, unknown>): void
  warn(message: string, context?: Record<string, unknown>): void
  error(message: string, context?: Record<string, unknown>): void
  child(context: Record<string, unknown>): Logger
}

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 }
const SECRET_KEYS = /token|password|secret|cookie|authorization|passphrase/i

const redact = (context: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(context)) out[key] = SECRET_KEYS.test(key) ? '[redacted]' : value
  return out
}

export interface LoggerOptions {
  level?: Level
  write?: (line: string, level: Level) => void
  base?: Record<string, unknown>
}

/** @example const log = createLogger({ level: 'info' }); log.info('listening', { port }) */
export function createLogger({ level = 'info', write, base = {} }: LoggerOptions = {}): Logger {
  const emit =
    write ??
    ((line: string, lineLevel: Level) => {
      if (ORDER[lineLevel] >= ORDER.warn) process.stderr.write(`${line}\n`)
      else process.stdout.write(`${line}\n`)
    })
  const make = (bound: Record<string, unknown>): Logger => {
    const at =
      (lineLevel: Level) =>
      (message: string, context: Record<string, unknown> = {}) => {
        if (ORDER[lineLevel] < ORDER[level]) return
        emit(JSON.stringify({ time: new Date().toISOString(), level: lineLevel, msg: message, ...redact({ ...bound, ...context }) }), lineLevel)
      }
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (context) => make({ ...bound, ...context }),
    }
  }
  return make(base)
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger = (): Logger => createLogger({ write: () => {} })
