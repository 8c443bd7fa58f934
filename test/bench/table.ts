// The one table `npm run bench` ends with: each benchmark's figure, its anchor's figure measured
// in the same run, the ratio, the goal and whether it is met.
import { formatMs } from './bench-cli';

export interface BenchRow {
  benchmark: string;
  measured: string;
  /** The anchor and its figure ('—' when the benchmark has none). */
  anchor: string;
  ratio: string;
  goal: string;
  /** true met, false not met, null: no goal, or the anchor could not run. */
  pass: boolean | null;
}

const rows: BenchRow[] = [];

/** Adds a row; `ratio` is measured / anchor (undefined or not finite: '—'). */
export function addRow(row: Omit<BenchRow, 'ratio' | 'anchor'> & { anchor?: string; ratio?: number }): void {
  const ratio = row.ratio !== undefined && Number.isFinite(row.ratio) ? `${row.ratio.toFixed(row.ratio < 0.1 ? 3 : 2)}×` : '—';
  rows.push({ ...row, anchor: row.anchor ?? '—', ratio });
}

/** A duration for the table ('—' when unknown). */
export const ms = (x: number | null | undefined) => (x === null || x === undefined ? '—' : formatMs(x));

/** The table as lines of text, columns padded; the last line counts the goals met. */
export function formatTable(list: BenchRow[] = rows): string[] {
  const head = ['benchmark', 'measured', 'anchor', 'ratio', 'goal', 'pass/fail'];
  const body = list.map((r) => [r.benchmark, r.measured, r.anchor, r.ratio, r.goal, r.pass === null ? '—' : r.pass ? 'pass' : 'FAIL']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const judged = list.filter((r) => r.pass !== null);
  return [
    line(head),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map(line),
    `${judged.filter((r) => r.pass).length} of ${judged.length} goals met (${list.length - judged.length} rows without a goal or an anchor)`,
  ];
}

/** The rows added so far. */
export const tableRows = () => rows;
