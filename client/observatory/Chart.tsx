import { useEffect, useRef } from 'react'
import * as Plot from '@observablehq/plot'

/**
 * An Observable Plot chart drawn into a figure. The chart is an image with a
 * name; its figures are in the table the caller puts right after it, which
 * is what a screen reader reads.
 */
export function Chart({ options, label }: { options: Plot.PlotOptions; label: string }) {
  const container = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const node = container.current
    if (!node) return
    const chart = Plot.plot({ ...options, ariaLabel: label, style: { fontSize: '13px', color: '#1c2733', background: 'transparent', overflow: 'visible' } })
    node.replaceChildren(chart)
    return () => chart.remove()
  }, [options, label])
  return <div className="observatory-chart" ref={container} />
}
