/**
 * An area's explanation as a waterfall: from the mean score, each leaf's contribution in turn
 * (largest first) to the area's score, laid out on a d3 linear scale.
 */
import { scaleLinear } from 'd3-scale';

export interface WaterfallStep {
  id: string;
  value: number;
  /** Running total before and after this step, on the 0–10 score scale. */
  from: number;
  to: number;
  /** Left edge and width of the bar, in px. */
  x: number;
  width: number;
}

export interface Waterfall {
  steps: WaterfallStep[];
  /** x of the mean score and of the area's score, px. */
  meanX: number;
  scoreX: number;
  /** Ticks of the axis, as score and px. */
  ticks: { value: number; x: number }[];
}

/**
 * Steps for the contributions that are not missing, biggest |value| first; leaves that add
 * nothing (exactly 0) are kept last so every leaf is listed.
 *
 * @example
 * waterfall(3.1, [{ id: 'cm', value: 1.2 }, { id: 'pov', value: -0.4 }], 300).steps[0]; // cm, from 3.1 to 4.3
 */
export function waterfall(meanScore: number, contributions: readonly { id: string; value: number }[], widthPx: number, minBarPx = 2): Waterfall {
  const present = contributions.filter((c) => Number.isFinite(c.value)).sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const totals = [meanScore];
  for (const c of present) totals.push(totals[totals.length - 1] + c.value);
  const lo = Math.min(...totals);
  const hi = Math.max(...totals);
  const pad = Math.max(0.25, (hi - lo) * 0.05);
  const x = scaleLinear().domain([Math.max(0, lo - pad), Math.min(10, hi + pad)]).range([0, widthPx]).nice();
  let running = meanScore;
  const steps = present.map((c): WaterfallStep => {
    const from = running;
    const to = running + c.value;
    running = to;
    const left = x(Math.min(from, to));
    const width = Math.max(minBarPx, Math.abs(x(to) - x(from)));
    return { id: c.id, value: c.value, from, to, x: Math.min(left, widthPx - width), width };
  });
  return { steps, meanX: x(meanScore), scoreX: x(running), ticks: x.ticks(5).map((value) => ({ value, x: x(value) })) };
}
