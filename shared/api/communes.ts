/** `GET /api/communes?q=`: a commune of the official list (its INSEE `code` is what a situation stores as `territory`). */
export interface Commune {
  code: string
  name: string
  postcodes: string[]
  departement: string
}
