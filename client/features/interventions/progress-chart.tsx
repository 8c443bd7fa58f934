import { useTranslation } from 'react-i18next';
import { CHART_MARGIN, progressChartGeometry, type ProgressPoint } from './progress-chart-geometry';

export interface ProgressChartProps {
  points: ProgressPoint[];
  target: number | null;
  /** What the chart is of (an intervention, a strategy, an area), for its label. */
  label: string;
  width?: number;
  height?: number;
}

/**
 * Reach against target over time (Strategy 7): the reach as a step line (Okabe-Ito blue) with a
 * dot per measurement, the target as a dashed line, readable in black and white. The chart
 * describes itself in its label; the figures are in the table beside it.
 */
export function ProgressChart({ points, target, label, width = 420, height = 160 }: ProgressChartProps) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const month = new Intl.DateTimeFormat(i18n.language, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const g = progressChartGeometry(points, target, width, height);
  const last = points[points.length - 1];
  const summary = last
    ? t('interventions.progress.chartSummary', { label, reach: number.format(last.reach), date: last.date, target: target ? number.format(target) : '—', count: points.length })
    : t('interventions.progress.chartEmpty', { label });
  return (
    <figure className="iv-progress-chart" data-testid="progress-chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={summary} data-points={points.length}>
        {g.yTicks.map((tick) => (
          <g key={tick.value}>
            <line x1={CHART_MARGIN.left} x2={width - CHART_MARGIN.right} y1={tick.y} y2={tick.y} className="iv-progress-chart__grid" />
            <text x={CHART_MARGIN.left - 4} y={tick.y} dy="0.32em" textAnchor="end">{number.format(tick.value)}</text>
          </g>
        ))}
        {g.xTicks.map((tick) => (
          <text key={tick.date.toISOString()} x={tick.x} y={height - 6} textAnchor="middle">{month.format(tick.date)}</text>
        ))}
        {g.targetY !== null && (
          <g>
            <line x1={CHART_MARGIN.left} x2={width - CHART_MARGIN.right} y1={g.targetY} y2={g.targetY} className="iv-progress-chart__target" />
            <text x={width - CHART_MARGIN.right} y={g.targetY - 3} textAnchor="end">{t('interventions.progress.targetLine', { n: number.format(target!) })}</text>
          </g>
        )}
        <path d={g.reachPath} className="iv-progress-chart__reach" />
        {g.dots.map((d, i) => (
          <circle key={`${d.date}-${i}`} cx={d.x} cy={d.y} r={3} className="iv-progress-chart__dot" />
        ))}
      </svg>
      <figcaption className="note">{summary}</figcaption>
    </figure>
  );
}
