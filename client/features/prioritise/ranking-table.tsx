import { memo } from 'react';
import type { RankingRow, SortDirection, SortKey } from './ranking-rows';

export interface RankingTableProps {
  /** The rows drawn (a page of a long ranking: ranking-rows.ts tableWindow). */
  rows: readonly RankingRow[];
  /** How many rows the ranking has in all. */
  total: number;
  caption: string;
  headers: Record<SortKey, string>;
  /** "Sort by score", for the column buttons. */
  sortLabel: (column: string) => string;
  sort: { key: SortKey; direction: SortDirection };
  onSort: (key: SortKey) => void;
  selectedIndex: number;
  onSelect: (index: number) => void;
  classLabel: (classIndex: number) => string;
  classColour: (classIndex: number) => string;
  formatScore: (x: number) => string;
  formatRank: (x: number) => string;
  formatShare: (x: number) => string;
  /** "12–18"; an em dash when no run was made. */
  formatRange: (p5: number, p95: number) => string;
  /** Shown in the rank-range column before a run. */
  showRange: boolean;
  /** The small-denominator mark beside an area's name, and what it says in full. */
  smallLabel: string;
  smallTitle: (row: RankingRow) => string;
}

const COLUMNS: { key: SortKey; numeric: boolean }[] = [
  { key: 'rank', numeric: true },
  { key: 'name', numeric: false },
  { key: 'score', numeric: true },
  { key: 'class', numeric: false },
  { key: 'reliability', numeric: true },
  { key: 'gap', numeric: true },
  { key: 'median', numeric: true },
  { key: 'range', numeric: true },
  { key: 'top', numeric: true },
];

/** The ranked areas; a column header sorts, a row's button selects the area (its explanation, the map). */
export const RankingTable = memo(function RankingTable(props: RankingTableProps) {
  const { rows, total, caption, headers, sortLabel, sort, onSort, selectedIndex, onSelect, classLabel, classColour, formatScore, formatRank, formatShare, formatRange, showRange, smallLabel, smallTitle } = props;
  const columns = showRange ? COLUMNS : COLUMNS.filter((c) => c.key !== 'range' && c.key !== 'top' && c.key !== 'median');
  return (
    <div className="table-scroll prioritise-table">
      <table data-testid="prioritise-table" data-total={total}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map(({ key, numeric }) => (
              <th key={key} scope="col" className={numeric ? 'num' : undefined} aria-sort={sort.key === key ? sort.direction : 'none'}>
                <button type="button" className="prioritise-table__sort" onClick={() => onSort(key)} aria-label={sortLabel(headers[key])}>
                  {headers[key]}
                  <span aria-hidden="true">{sort.key === key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code} data-code={r.code} className={r.index === selectedIndex ? 'is-selected' : undefined} aria-selected={r.index === selectedIndex}>
              <td className="num" data-col="rank">{formatRank(r.rank)}</td>
              <th scope="row" data-col="name">
                <button type="button" className="link-button" onClick={() => onSelect(r.index)} aria-pressed={r.index === selectedIndex}>
                  {r.name}
                </button>
                {r.smallDenominator && (
                  <span className="prioritise-flag" data-flag="small-denominator" title={smallTitle(r)}>
                    {smallLabel}
                  </span>
                )}
              </th>
              <td className="num" data-col="score">{formatScore(r.score)}</td>
              <td data-col="class">
                <span className="prioritise-swatch" style={{ background: classColour(r.classIndex) }} aria-hidden="true" />
                {classLabel(r.classIndex)}
              </td>
              <td className="num" data-col="reliability">{formatShare(r.reliability)}</td>
              <td className="num" data-col="gap">{formatScore(r.coverageGap)}</td>
              {showRange && <td className="num" data-col="median">{formatRank(r.medianRank)}</td>}
              {showRange && <td className="num" data-col="range">{formatRange(r.p5Rank, r.p95Rank)}</td>}
              {showRange && <td className="num" data-col="top">{formatShare(r.topShare)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
