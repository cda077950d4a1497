import { describe, expect, it } from 'vitest'
import { determinedHidden, protectTable, suppressCounts, tableFigures } from './territory-suppression.ts'

/** Every hidden figure of a table, checked by an independent exhaustive search over the values the shown figures allow. */
function candidatesFor(cells: number[][], hiddenCells: boolean[][], shownRowTotals: (number | null)[], shownColumnTotals: (number | null)[], shownTotal: number | null, max = 12) {
  const unknown: [number, number][] = []
  cells.forEach((row, r) => row.forEach((_, c) => hiddenCells[r]![c] && unknown.push([r, c])))
  const seen = unknown.map(() => new Set<number>())
  const grid = cells.map((row, r) => row.map((v, c) => (hiddenCells[r]![c] ? 0 : v)))
  const check = () => {
    for (let r = 0; r < grid.length; r++) if (shownRowTotals[r] !== null && grid[r]!.reduce((a, b) => a + b, 0) !== shownRowTotals[r]) return false
    for (let c = 0; c < grid[0]!.length; c++) if (shownColumnTotals[c] !== null && grid.reduce((a, row) => a + row[c]!, 0) !== shownColumnTotals[c]) return false
    if (shownTotal !== null && grid.flat().reduce((a, b) => a + b, 0) !== shownTotal) return false
    return true
  }
  const walk = (i: number) => {
    if (i === unknown.length) {
      if (check()) unknown.forEach(([r, c], k) => seen[k]!.add(grid[r]![c]!))
      return
    }
    const [r, c] = unknown[i]!
    for (let v = 0; v <= max; v++) {
      grid[r]![c] = v
      walk(i + 1)
    }
  }
  walk(0)
  return seen
}

describe('statistical secrecy of the territory dashboard', () => {
  it('hides every count under 5 and shows the others', () => {
    const hidden = suppressCounts([6, 3, 0, 12], [])
    expect(hidden).toEqual([false, true, true, false])
  })

  it('hides a second cell of a row whose total is shown when only one cell is under 5 (crafted case)', () => {
    // Row PAG: 7 at level 1, 3 at level 2, 9 at level 3 → total 19 shown; without a second suppression 3 = 19 − 7 − 9.
    const table = protectTable(['pag', 'pps'], ['1', '2', '3'], [
      [7, 3, 9],
      [8, 6, 10],
    ])
    expect(table.cells[0]![1]).toEqual({ value: null, suppressed: true })
    const hiddenInRow = table.cells[0]!.filter((cell) => cell.suppressed).length + (table.rowTotals[0]!.suppressed ? 1 : 0)
    expect(hiddenInRow).toBeGreaterThanOrEqual(2)
    // And the column of the hidden 3 (level 2) is protected too: 3 = total − 6 otherwise.
    const hiddenInColumn = table.cells.filter((row) => row[1]!.suppressed).length + (table.columnTotals[1]!.suppressed ? 1 : 0)
    expect(hiddenInColumn).toBeGreaterThanOrEqual(2)
  })

  it('leaves no hidden count that the shown figures determine, checked by an exhaustive search', () => {
    const cells = [
      [7, 3, 9],
      [8, 6, 10],
      [5, 12, 2],
    ]
    const table = protectTable(['a', 'b', 'c'], ['1', '2', '3'], cells)
    const hiddenCells = table.cells.map((row) => row.map((cell) => cell.suppressed))
    const seen = candidatesFor(
      cells,
      hiddenCells,
      table.rowTotals.map((t) => t.value),
      table.columnTotals.map((t) => t.value),
      table.total.value,
    )
    // Every hidden cell can take at least two values consistent with everything shown.
    for (const values of seen) expect(values.size).toBeGreaterThan(1)
    // The shown cells are the true ones.
    table.cells.forEach((row, r) => row.forEach((cell, c) => !cell.suppressed && expect(cell.value).toBe(cells[r]![c])))
  })

  it('would disclose the crafted cell with primary suppression alone, which is why the second one is needed', () => {
    // The same row as above with only the 3 hidden: the exhaustive search pins it to exactly one value.
    const cells = [
      [7, 3, 9],
      [8, 6, 10],
    ]
    const primaryOnly = cells.map((row) => row.map((value) => value < 5))
    const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0))
    const columnTotals = [0, 1, 2].map((c) => cells[0]![c]! + cells[1]![c]!)
    const seen = candidatesFor(cells, primaryOnly, rowTotals, columnTotals, rowTotals[0]! + rowTotals[1]!)
    expect([...seen[0]!]).toEqual([3])
  })

  it('finds a hidden count that a chain of relations fixes, and protects such a chain', () => {
    // a + b = 7, b + c = 6, c = its own total: with c's total shown, c, then b, then a follow.
    const values = [3, 4, 2, 7, 6, 2]
    const relations = [
      { parts: [0, 1], total: 3 },
      { parts: [1, 2], total: 4 },
      { parts: [2], total: 5 },
    ]
    const allHidden = [true, true, true, false, false, true]
    expect(determinedHidden(values, relations, allHidden)).toEqual([])
    const totalShown = [true, true, true, false, false, false]
    expect(determinedHidden(values, relations, totalShown).sort()).toEqual([0, 1, 2])
    // The protector never leaves a determined hidden count.
    const protectedHidden = suppressCounts(values, relations)
    expect(determinedHidden(values, relations, protectedHidden)).toEqual([])
  })

  it('protects counts tied across tables: communes adding up to the département', () => {
    // Kinds table total 23 (shown); communes 12 + 8 + 3 add up to it: the 3 is hidden, so one more commune must be.
    const kinds = tableFigures([[12], [11]])
    const values = [...kinds.values, 12, 8, 3]
    const communes = [kinds.size, kinds.size + 1, kinds.size + 2]
    const relations = [...kinds.relations, { parts: communes, total: kinds.total }]
    const hidden = suppressCounts(values, relations)
    expect(hidden[communes[2]!]).toBe(true)
    expect(communes.filter((index) => hidden[index]).length).toBeGreaterThanOrEqual(2)
    expect(determinedHidden(values, relations, hidden)).toEqual([])
  })

  it('leaves no relation with a single hidden figure and nothing determined, over 200 seeded random tables', () => {
    let seed = 19
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
    const started = performance.now()
    for (let round = 0; round < 200; round++) {
      const rows = 1 + Math.floor(random() * 8)
      const columns = 1 + Math.floor(random() * 6)
      const cells = Array.from({ length: rows }, () => Array.from({ length: columns }, () => Math.floor(random() * (random() < 0.5 ? 6 : 30))))
      const figures = tableFigures(cells)
      const hidden = suppressCounts(figures.values, figures.relations)
      figures.values.forEach((value, index) => value < 5 && expect(hidden[index]).toBe(true))
      for (const relation of figures.relations) {
        const count = [...relation.parts, relation.total].filter((index) => hidden[index]).length
        expect(count === 0 || count >= 2, JSON.stringify({ cells, relation })).toBe(true)
      }
      expect(determinedHidden(figures.values, figures.relations, hidden), JSON.stringify(cells)).toEqual([])
    }
    // A dashboard protects several such tables per request: this must stay cheap.
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('builds margins that add up', () => {
    const figures = tableFigures([
      [1, 2],
      [3, 4],
    ])
    expect(figures.values[figures.total]).toBe(10)
    expect(figures.values[figures.rowTotal(1)]).toBe(7)
    expect(figures.values[figures.columnTotal(0)]).toBe(4)
  })
})
