import { useTranslation } from 'react-i18next';
import { formatSignificant } from '../../lib/format';
import { TREND_MARGIN, trendChartGeometry, type TrendPoint } from './trend-chart-geometry';

export interface TrendChartProps {
  /** The indicator's name (and unit), for the chart's label. */
  label: string;
  unit: string;
  points: TrendPoint[];
  width?: number;
  height?: number;
}

/**
 * An indicator's values over its periods: a line (Okabe-Ito blue) with a dot per period and its
 * interval as a whisker, readable in black and white. The chart is one image described in its
 * label; the same figures are in the table after it, for screen readers and print.
 */
export function TrendChart({ label, unit, points, width = 300, height = 120 }: TrendChartProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const g = trendChartGeometry(points, width, height);
  const first = points[0];
  const last = points[points.length - 1];
  const value = (v: number) => `${formatSignificant(v, lang)}${unit ? `\u00a0${unit}` : ''}`;
  const summary = t('brief.trend.summary', {
    label, count: points.length, first: first.period, firstValue: value(first.value), last: last.period, lastValue: value(last.value),
  });
  return (
    <figure className="trend-chart" data-testid="trend-chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={summary} data-points={points.length}>
        {g.yTicks.map((tick) => (
          <g key={tick.value}>
            <line x1={TREND_MARGIN.left} x2={width - TREND_MARGIN.right} y1={tick.y} y2={tick.y} className="trend-chart__grid" />
            <text x={TREND_MARGIN.left - 4} y={tick.y} dy="0.32em" textAnchor="end">{formatSignificant(tick.value, lang)}</text>
          </g>
        ))}
        {g.xLabels.map((l) => (
          <text key={l.period} x={l.x} y={height - 6} textAnchor="middle">{l.period}</text>
        ))}
        {g.dots.map((d) => d.yLower !== null && d.yUpper !== null && <line key={`ci-${d.period}`} x1={d.x} x2={d.x} y1={d.yLower} y2={d.yUpper} className="trend-chart__interval" />)}
        <path d={g.valuePath} className="trend-chart__line" />
        {g.dots.map((d) => (
          <circle key={d.period} cx={d.x} cy={d.y} r={3.5} className="trend-chart__dot" />
        ))}
      </svg>
      <figcaption className="note">{summary}</figcaption>
    </figure>
  );
}
