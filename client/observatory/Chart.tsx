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
    // One image with one name. Plot also names each mark's <g> ("bar", "rule"), which ARIA does not allow
    // on a group without a role, and which would only repeat, less clearly, the table that follows; a
    // legend's swatches are decoration beside their visible text. The plot is the figure's last svg.
    const svgs = chart instanceof SVGSVGElement ? [chart] : [...chart.querySelectorAll('svg')]
    const main = svgs.at(-1)
    for (const svg of svgs) {
      for (const named of svg.querySelectorAll('[aria-label]')) named.removeAttribute('aria-label')
      if (svg === main) {
        svg.setAttribute('role', 'img')
        svg.setAttribute('aria-label', label)
      } else svg.setAttribute('aria-hidden', 'true')
    }
    node.replaceChildren(chart)
    return () => chart.remove()
  }, [options, label])
  return <div className="observatory-chart" ref={container} />
}
