import { request } from './http.ts'
import type { Commune } from '../../shared/api/communes.ts'

/** The official list of communes over HTTP (issue 19), searched on the server so the 8 MB list never reaches the browser. */

export type { Commune }

/** `GET /api/communes?q=`: by name (accents optional), postcode or INSEE code. */
export const searchCommunes = (text: string): Promise<Commune[]> => request<Commune[]>('GET', `/api/communes?q=${encodeURIComponent(text)}`)

/**
 * The commune of a stored INSEE code (a situation's `territory`), to give a
 * commune picker its `value` back: the search answers an exact code first.
 */
export async function fetchCommune(code: string): Promise<Commune | null> {
  if (!/^(?:\d{5}|2[AB]\d{3})$/.test(code)) return null
  const communes = await searchCommunes(code)
  return communes.find((commune) => commune.code === code) ?? null
}
