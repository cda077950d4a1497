/** Summary figures of a latency sample, in milliseconds. */
export interface LatencySummary {
  count: number
  p50: number
  p95: number
  p99: number
  max: number
}

export function summarize(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort()
  const at = (q: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!)
  return {
    count: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!),
  }
}

export const round = (value: number, digits = 2): number => {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

/** Concatenates typed-array chunks returned by several generator processes. */
export function concat(chunks: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0))
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}
