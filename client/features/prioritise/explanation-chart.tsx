import { useMemo } from 'react';
import { waterfall } from './waterfall';

export interface ExplanationChartProps {
  meanScore: number;
  score: number;
  contributions: readonly { id: string; value: number }[];
  labelOf: (leafId: string) => string;
  formatScore: (x: number) => string;
  /** "+0.42" / "−0.17". */
  formatSigned: (x: number) => string;
  strings: { caption: string; mean: string; score: string; missing: string; leaf: string; contribution: string };
}

const WIDTH = 180;

/**
 * An area's score as a waterfall: from the mean score, each leaf's contribution (largest first)
 * to the area's score. The same figures are in a table, for screen readers and for copying.
 */
export function ExplanationChart({ meanScore, score, contributions, labelOf, formatScore, formatSigned, strings }: ExplanationChartProps) {
  const w = useMemo(() => waterfall(meanScore, contributions, WIDTH), [meanScore, contributions]);
  const missing = contributions.filter((c) => !Number.isFinite(c.value));
  return (
    <figure className="prioritise-waterfall" data-testid="prioritise-explanation">
      <figcaption>{strings.caption}</figcaption>
      <table>
        <thead>
          <tr>
            <th scope="col">{strings.leaf}</th>
            <th scope="col" className="num">{strings.contribution}</th>
            <th scope="col" aria-hidden="true" />
          </tr>
        </thead>
        <tbody>
          <tr className="prioritise-waterfall__total">
            <th scope="row">{strings.mean}</th>
            <td className="num">{formatScore(meanScore)}</td>
            <td aria-hidden="true"><Bar x={w.meanX} width={2} kind="total" /></td>
          </tr>
          {w.steps.map((s) => (
            <tr key={s.id} data-leaf={s.id}>
              <th scope="row">{labelOf(s.id)}</th>
              <td className="num" data-value={s.value}>{formatSigned(s.value)}</td>
              <td aria-hidden="true"><Bar x={s.x} width={s.width} kind={s.value >= 0 ? 'up' : 'down'} /></td>
            </tr>
          ))}
          <tr className="prioritise-waterfall__total">
            <th scope="row">{strings.score}</th>
            <td className="num">{formatScore(score)}</td>
            <td aria-hidden="true"><Bar x={w.scoreX} width={2} kind="total" /></td>
          </tr>
        </tbody>
      </table>
      {missing.length > 0 && (
        <p className="prioritise-muted">
          {strings.missing} {missing.map((m) => labelOf(m.id)).join(', ')}
        </p>
      )}
    </figure>
  );
}

function Bar({ x, width, kind }: { x: number; width: number; kind: 'up' | 'down' | 'total' }) {
  return (
    <svg width={WIDTH} height={12} className="prioritise-waterfall__svg">
      <rect x={x} y={1} width={width} height={10} className={`prioritise-waterfall__bar prioritise-waterfall__bar--${kind}`} />
    </svg>
  );
}
