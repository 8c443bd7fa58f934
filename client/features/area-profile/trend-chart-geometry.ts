import { scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';

export interface TrendPoint {
  period: string;
  value: number;
  /** The interval's ends when the data gives one, else null. */
  lower: number | null;
  upper: number | null;
}

export interface TrendChartGeometry {
  /** SVG path through the values, in period order. */
  valuePath: string;
  /** One mark per period, with its interval's ends as y (null without one). */
  dots: { x: number; y: number; yLower: number | null; yUpper: number | null; period: string; value: number }[];
  yTicks: { y: number; value: number }[];
  /** Period labels under the axis (every one when they fit, else spaced out, the last kept). */
  xLabels: { x: number; period: string }[];
}

export const TREND_MARGIN = { top: 10, right: 14, bottom: 22, left: 44 };

/**
 * Scales and path of an indicator's trend over its periods (already in trend order, as
 * areas.brief gives them) in a width × height box: periods evenly spaced (survey rounds such as
 * NFHS-4, NFHS-5 are not dates), y from the lowest to the highest value or interval end, padded
 * and rounded (zero included when every value is positive and near it).
 *
 * @example
 * trendChartGeometry([{ period: '2020', value: 10, lower: null, upper: null }, { period: '2021', value: 20, lower: null, upper: null }], 300, 120).dots.length; // 2
 */
export function trendChartGeometry(points: TrendPoint[], width: number, height: number): TrendChartGeometry {
  const x = scalePoint<string>().domain(points.map((p) => p.period)).range([TREND_MARGIN.left, width - TREND_MARGIN.right]).padding(0.3);
  const ends = points.flatMap((p) => [p.value, p.lower, p.upper]).filter((v): v is number => v !== null && Number.isFinite(v));
  let lo = Math.min(...ends);
  let hi = Math.max(...ends);
  if (lo >= 0 && lo < (hi - lo) * 2) lo = 0;
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const y = scaleLinear().domain([lo, hi]).range([height - TREND_MARGIN.bottom, TREND_MARGIN.top]).nice(4);
  const path = line<TrendPoint>().x((p) => x(p.period)!).y((p) => y(p.value));
  // about 56 px per label
  const every = Math.max(1, Math.ceil((points.length * 56) / Math.max(1, width - TREND_MARGIN.left - TREND_MARGIN.right)));
  return {
    valuePath: path(points) ?? '',
    dots: points.map((p) => ({
      x: x(p.period)!, y: y(p.value), yLower: p.lower === null ? null : y(p.lower), yUpper: p.upper === null ? null : y(p.upper), period: p.period, value: p.value,
    })),
    yTicks: y.ticks(4).map((v) => ({ y: y(v), value: v })),
    xLabels: points.filter((_, i) => i % every === 0 || i === points.length - 1).map((p) => ({ x: x(p.period)!, period: p.period })),
  };
}
