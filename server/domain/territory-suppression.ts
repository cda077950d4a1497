import { SUPPRESSION_THRESHOLD, type Count, type CountTable } from '../../shared/domain/territory.ts'

/**
 * Statistical secrecy for the territory's dashboard: every count under the
 * threshold is hidden (primary suppression), and enough other counts are
 * hidden that none of them can be worked out from the figures shown
 * (complementary suppression).
 *
 * The figures are a list of counts and the additive relations between them
 * (`parts` sum to `total`: a row and its total, a column and its total, the
 * communes and the département). A hidden count is safe only if no
 * combination of those relations, with the shown counts put in, yields its
 * value. The rule "no relation with exactly one hidden count" is applied
 * first (cheap, catches the usual case), then an exact check: Gaussian
 * elimination over the hidden counts tells which of them are determined by
 * the system; each one found hides one more count (the smallest shown one
 * in a relation it belongs to), until none is.
 */

export interface Relation {
  parts: number[]
  total: number
}

/** Which counts to hide. `values[i]` are the true counts; the result is parallel to them. */
export function suppressCounts(values: readonly number[], relations: readonly Relation[], threshold = SUPPRESSION_THRESHOLD): boolean[] {
  const hidden = values.map((value) => value < threshold)
  const hideSmallestShown = (members: number[]): boolean => {
    let pick = -1
    for (const index of members) if (!hidden[index] && (pick === -1 || values[index]! < values[pick]!)) pick = index
    if (pick === -1) return false
    hidden[pick] = true
    return true
  }
  for (let guard = 0; guard <= values.length; guard++) {
    let changed = false
    for (const relation of relations) {
      const members = [...relation.parts, relation.total]
      if (members.filter((index) => hidden[index]).length === 1) {
        // Prefer hiding a part: hiding the total alone would leave it equal to the sum of the parts shown.
        changed = hideSmallestShown(relation.parts) || hideSmallestShown(members) || changed
      }
    }
    if (changed) continue
    const determined = determinedHidden(values, relations, hidden)
    if (determined.length === 0) break
    // One more hidden figure next to each determined one, all in this round (an elimination per figure would be slow).
    let hid = false
    for (const index of determined) {
      const relation = relations.find((r) => [...r.parts, r.total].includes(index) && [...r.parts, r.total].some((member) => !hidden[member]))
      if (relation) hid = hideSmallestShown([...relation.parts, relation.total]) || hid
    }
    if (!hid) break
  }
  return hidden
}

/**
 * The hidden counts whose value the relations fix, given the shown ones:
 * index j is determined iff the unit vector e_j lies in the row space of the
 * relations restricted to hidden counts, i.e. iff a row of the reduced row
 * echelon form is exactly e_j.
 */
export function determinedHidden(values: readonly number[], relations: readonly Relation[], hidden: readonly boolean[]): number[] {
  const unknowns = values.map((_, index) => index).filter((index) => hidden[index])
  const column = new Map(unknowns.map((index, position) => [index, position]))
  const rows: number[][] = []
  for (const relation of relations) {
    const row = new Array<number>(unknowns.length).fill(0)
    let any = false
    for (const part of relation.parts) {
      const position = column.get(part)
      if (position !== undefined) {
        row[position]! += 1
        any = true
      }
    }
    const position = column.get(relation.total)
    if (position !== undefined) {
      row[position]! -= 1
      any = true
    }
    if (any) rows.push(row)
  }
  const epsilon = 1e-9
  let pivotRow = 0
  for (let col = 0; col < unknowns.length && pivotRow < rows.length; col++) {
    let best = pivotRow
    for (let r = pivotRow + 1; r < rows.length; r++) if (Math.abs(rows[r]![col]!) > Math.abs(rows[best]![col]!)) best = r
    if (Math.abs(rows[best]![col]!) < epsilon) continue
    ;[rows[pivotRow], rows[best]] = [rows[best]!, rows[pivotRow]!]
    const pivot = rows[pivotRow]!
    const scale = pivot[col]!
    for (let c = 0; c < pivot.length; c++) pivot[c]! /= scale
    for (let r = 0; r < rows.length; r++) {
      if (r === pivotRow) continue
      const factor = rows[r]![col]!
      if (Math.abs(factor) < epsilon) continue
      for (let c = 0; c < pivot.length; c++) rows[r]![c]! -= factor * pivot[c]!
    }
    pivotRow++
  }
  const determined: number[] = []
  for (const row of rows.slice(0, pivotRow)) {
    const nonZero = row.flatMap((value, position) => (Math.abs(value) > epsilon ? [position] : []))
    if (nonZero.length === 1) determined.push(unknowns[nonZero[0]!]!)
  }
  return determined
}

export const toCount = (value: number, hidden: boolean): Count => (hidden ? { value: null, suppressed: true } : { value, suppressed: false })

/**
 * A table of counts with its margins, as one list of figures plus the
 * relations between them. Other relations (a column of another table
 * summing to this grand total) can be added by the caller with `offset`.
 */
export function tableFigures(cells: readonly (readonly number[])[], offset = 0) {
  const rowCount = cells.length
  const columnCount = cells[0]?.length ?? 0
  const cell = (r: number, c: number) => offset + r * columnCount + c
  const rowTotal = (r: number) => offset + rowCount * columnCount + r
  const columnTotal = (c: number) => offset + rowCount * columnCount + rowCount + c
  const total = offset + rowCount * columnCount + rowCount + columnCount
  const values: number[] = []
  for (const row of cells) values.push(...row)
  for (const row of cells) values.push(row.reduce((a, b) => a + b, 0))
  for (let c = 0; c < columnCount; c++) values.push(cells.reduce((sum, row) => sum + row[c]!, 0))
  values.push(values.slice(rowCount * columnCount, rowCount * columnCount + rowCount).reduce((a, b) => a + b, 0))
  const relations: Relation[] = []
  for (let r = 0; r < rowCount; r++) relations.push({ parts: cells[r]!.map((_, c) => cell(r, c)), total: rowTotal(r) })
  for (let c = 0; c < columnCount; c++) relations.push({ parts: cells.map((_, r) => cell(r, c)), total: columnTotal(c) })
  relations.push({ parts: cells.map((_, r) => rowTotal(r)), total })
  relations.push({ parts: Array.from({ length: columnCount }, (_, c) => columnTotal(c)), total })
  return { values, relations, cell, rowTotal, columnTotal, total, size: values.length }
}

/** A protected table on its own (no relation to other figures). */
export function protectTable(rows: string[], columns: string[], cells: number[][], threshold = SUPPRESSION_THRESHOLD): CountTable {
  const figures = tableFigures(cells)
  const hidden = suppressCounts(figures.values, figures.relations, threshold)
  return readTable(rows, columns, figures, hidden)
}

/** Reads a table back from the combined figures; `hidden` is indexed like the combined list, `figures.values` from the table's offset. */
export function readTable(rows: string[], columns: string[], figures: ReturnType<typeof tableFigures>, hidden: readonly boolean[]): CountTable {
  const offset = figures.cell(0, 0)
  const at = (index: number) => toCount(figures.values[index - offset]!, hidden[index]!)
  return {
    rows,
    columns,
    cells: rows.map((_, r) => columns.map((_, c) => at(figures.cell(r, c)))),
    rowTotals: rows.map((_, r) => at(figures.rowTotal(r))),
    columnTotals: columns.map((_, c) => at(figures.columnTotal(c))),
    total: at(figures.total),
  }
}
