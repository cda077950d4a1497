import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { foldForSearch } from '../../shared/domain/serafin-ph.ts'

/**
 * The official list of communes (INSEE codes, names, postcodes), from the
 * `@etalab/decoupage-administratif` package. The file is ~8 MB: it is read
 * once, on first use, and kept as a compact index of current communes only
 * (about 35,000 entries), never sent to the browser.
 */

export interface Commune {
  code: string
  name: string
  postcodes: string[]
  departement: string
}

interface Indexed extends Commune {
  folded: string
}

export interface CommuneIndex {
  search(query: string, limit?: number): Commune[]
  byCode(code: string): Commune | null
  departementName(code: string): string | null
}

const require = createRequire(import.meta.url)

let loading: Promise<CommuneIndex> | null = null

/** The index, loaded lazily once per process (concurrent first calls share one read). */
export function loadCommunes(): Promise<CommuneIndex> {
  loading ??= buildIndex().catch((error: unknown) => {
    loading = null
    throw error
  })
  return loading
}

async function buildIndex(): Promise<CommuneIndex> {
  const [communes, departements] = await Promise.all([
    readFile(require.resolve('@etalab/decoupage-administratif/data/communes.json'), 'utf8'),
    readFile(require.resolve('@etalab/decoupage-administratif/data/departements.json'), 'utf8'),
  ])
  const list: Indexed[] = []
  for (const raw of JSON.parse(communes) as { code: string; nom: string; type: string; departement: string; codesPostaux?: string[] }[]) {
    if (raw.type !== 'commune-actuelle') continue
    list.push({ code: raw.code, name: raw.nom, postcodes: raw.codesPostaux ?? [], departement: raw.departement, folded: foldName(raw.nom) })
  }
  list.sort((a, b) => a.folded.localeCompare(b.folded) || a.code.localeCompare(b.code))
  const byCode = new Map(list.map((commune) => [commune.code, commune]))
  const departementNames = new Map((JSON.parse(departements) as { code: string; nom: string }[]).map((d) => [d.code, d.nom]))
  const strip = ({ folded: _folded, ...commune }: Indexed): Commune => commune
  return {
    search(query, limit = 20) {
      const trimmed = query.trim()
      if (trimmed === '') return []
      const exact = byCode.get(trimmed.toUpperCase())
      if (/^\d{2,5}$/.test(trimmed) || exact) {
        // A postcode (or its start), or an INSEE code typed whole (Corsica's start with 2A or 2B).
        const matches = list.filter((commune) => commune.postcodes.some((postcode) => postcode.startsWith(trimmed)))
        return [...(exact ? [exact] : []), ...matches.filter((commune) => commune !== exact)].slice(0, limit).map(strip)
      }
      const folded = foldName(trimmed)
      // Names that start with the query first, then names with a word starting with it ("tours" finds "Joué-lès-Tours").
      const starts = list.filter((commune) => commune.folded.startsWith(folded))
      const words = list.filter((commune) => !commune.folded.startsWith(folded) && commune.folded.includes(` ${folded}`))
      return [...starts, ...words].slice(0, limit).map(strip)
    },
    byCode: (code) => {
      const commune = byCode.get(code)
      return commune ? strip(commune) : null
    },
    departementName: (code) => departementNames.get(code) ?? null,
  }
}

/** Accents, case, hyphens and apostrophes folded: "joue les" finds "Joué-lès-Tours", "st" is not expanded. */
const foldName = (name: string): string => foldForSearch(name).replace(/[-']/g, ' ').replace(/\s+/g, ' ').trim()
