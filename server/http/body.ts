import type { Context } from 'hono'
import type { z } from 'zod'
import { HttpError } from './errors.ts'

/**
 * Parses a JSON body with a zod schema in strip mode: unknown fields are
 * ignored; a missing or invalid required field is a 400 naming it.
 */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let body: unknown
  const text = await c.req.text()
  if (text.trim() === '') body = {}
  else {
    try {
      body = JSON.parse(text)
    } catch {
      throw new HttpError(400, 'malformed JSON body', { field: 'body' })
    }
  }
  return schema.parse(body)
}
