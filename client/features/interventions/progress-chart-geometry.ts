import { scaleLinear, scaleUtc } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';

export interface ProgressPoint {
  date: string;
  reach: number;
}

export interface ProgressChartGeometry {
  /** SVG path of reach over time: a step after each measurement (reach holds until the next). */
  reachPath: string;
  /** y of the target line; null without a target. */
  targetY: number | null;
  /** Axis ticks. */
  xTicks: { x: number; date: Date }[];
  yTicks: { y: number; value: number }[];
  dots: { x: number; y: number; date: string; reach: number }[];
}

export const CHART_MARGIN = { top: 12, right: 16, bottom: 24, left: 48 };

/**
 * Scales and paths of a progress chart (reach against target over time) in a width × height box:
 * y from 0 to the larger of the target and the highest reach, x from the first to the last
 * measurement (one day either side when there is one only).
 *
 * @example
 * progressChartGeometry([{ date: '2026-01-01', reach: 50 }], 100, 200, 100).targetY; // 12 (the top)
 */
export function progressChartGeometry(points: ProgressPoint[], target: number | null, width: number, height: number): ProgressChartGeometry {
  const dates = points.map((p) => new Date(`${p.date}T00:00:00Z`));
  const first = dates[0] ?? new Date();
  const last = dates[dates.length - 1] ?? first;
  const day = 86_400_000;
  const [x0, x1] = first.getTime() === last.getTime() ? [new Date(first.getTime() - day), new Date(last.getTime() + day)] : [first, last];
  const x = scaleUtc().domain([x0, x1]).range([CHART_MARGIN.left, width - CHART_MARGIN.right]);
  const top = Math.max(target ?? 0, ...points.map((p) => p.reach), 1);
  const y = scaleLinear().domain([0, top]).range([height - CHART_MARGIN.bottom, CHART_MARGIN.top]).nice();
  const path = line<ProgressPoint>().x((p) => x(new Date(`${p.date}T00:00:00Z`))).y((p) => y(p.reach)).curve(curveStepAfter);
  return {
    reachPath: points.length ? path(points) ?? '' : '',
    targetY: target ? y(target) : null,
    xTicks: x.ticks(Math.max(2, Math.floor((width - CHART_MARGIN.left - CHART_MARGIN.right) / 90))).map((d) => ({ x: x(d), date: d })),
    yTicks: y.ticks(4).map((v) => ({ y: y(v), value: v })),
    dots: points.map((p) => ({ x: x(new Date(`${p.date}T00:00:00Z`)), y: y(p.reach), date: p.date, reach: p.reach })),
  };
}
