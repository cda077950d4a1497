import initial from './001-initial.ts'

/** Applied in order, each once; never edit one that has shipped, add the next. */
export const MIGRATIONS: readonly { id: number; name: string; sql: string }[] = [
  { id: 1, name: 'initial', sql: initial },
]
