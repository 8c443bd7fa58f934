import { capIssues, errorIssue, warningIssue, type ImportIssue } from './import-error';
import { findColumn, parseNumber, type NumberLocale, type Table } from './read-table';

/** One value of an indicator for an area and period, keyed by the table's own area key (not yet joined). */
export interface ObservationInput {
  /** The area as the table names it (a code or a name); join it with joinAreas. */
  areaKey: string;
  indicator: string;
  /** A year ('2019') or a span as written ('1999/2000'). */
  period: string;
  value: number;
  lower?: number;
  upper?: number;
  /** Row of the table it came from (as a spreadsheet shows it). */
  row: number;
}

interface CommonOptions {
  /** Column holding the area code or name. */
  areaField: string;
  /** Column holding the indicator id or name … */
  indicatorField?: string;
  /** … or one indicator id for the whole table. */
  indicator?: string;
  /** @default 'en' */
  locale?: NumberLocale;
}

/** One row per observation: area, indicator, period, value [, lower, upper]. */
export interface LongTableOptions extends CommonOptions {
  layout: 'long';
  periodField?: string;
  /** One period for the whole table when there is no period column. */
  period?: string;
  valueField: string;
  lowerField?: string;
  upperField?: string;
}

/** One row per area, one column per period (value_2000 … value_2020, or 2000 … 2020). */
export interface WideTableOptions extends CommonOptions {
  layout: 'wide';
  /** @default detectPeriodColumns(table.columns) */
  periodColumns?: PeriodColumn[];
}

export interface PeriodColumn {
  column: string;
  period: string;
}

/**
 * The columns whose names are a year, alone or after a prefix or with a World Bank suffix
 * ('2019', 'value_2019', 'YR2019', '2019 [YR2019]'), with that year as the period.
 *
 * @example
 * detectPeriodColumns(['ISO3', 'value_2000', 'value_2001', 'latest_value']) // 2 columns
 */
export function detectPeriodColumns(columns: string[]): PeriodColumn[] {
  const out: PeriodColumn[] = [];
  for (const column of columns) {
    const m = /^(?:[a-z]*[_ .-]?|yr)?((?:1[89]|20)\d{2})(?: \[yr\d{4}\])?$/i.exec(column.trim());
    if (m) out.push({ column, period: m[1] });
  }
  return out;
}

/**
 * Reads observations from a long or wide table. Values go through parseNumber; an empty cell is a
 * missing value (skipped, never a zero); a cell that is not a number is an error naming its row
 * and column.
 *
 * @example
 * toObservations(table, { layout: 'wide', areaField: 'ISO3', indicator: 'SP_DYN_MRBF18' })
 */
export function toObservations(table: Table, options: LongTableOptions | WideTableOptions): { observations: ObservationInput[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const column = (field: string | undefined, role: string): number => {
    if (field === undefined) return -1;
    const c = findColumn(table, field);
    if (c < 0) issues.push(errorIssue('missing-column', `${table.fileName} has no ${role} column "${field}"; columns are ${table.columns.join(', ')}`, { field }));
    return c;
  };
  const areaCol = column(options.areaField, 'area');
  const indicatorCol = column(options.indicatorField, 'indicator');
  if (options.indicatorField === undefined && options.indicator === undefined) {
    issues.push(errorIssue('missing-column', `${table.fileName}: say which column holds the indicator (indicatorField) or give one indicator for the table`));
  }
  const cells: { column: number; period: string | null; periodCol: number }[] = [];
  let lowerCol = -1;
  let upperCol = -1;
  if (options.layout === 'long') {
    const valueCol = column(options.valueField, 'value');
    const periodCol = column(options.periodField, 'period');
    if (options.periodField === undefined && options.period === undefined) {
      issues.push(errorIssue('missing-column', `${table.fileName}: say which column holds the period (periodField) or give one period for the table`));
    }
    lowerCol = column(options.lowerField, 'lower bound');
    upperCol = column(options.upperField, 'upper bound');
    cells.push({ column: valueCol, period: options.period ?? null, periodCol });
  } else {
    const periods = options.periodColumns ?? detectPeriodColumns(table.columns);
    if (periods.length === 0) {
      issues.push(errorIssue('missing-column', `${table.fileName}: found no columns named by a year (such as 2019 or value_2019); columns are ${table.columns.join(', ')}`));
    }
    for (const p of periods) cells.push({ column: column(p.column, 'period'), period: p.period, periodCol: -1 });
  }
  if (issues.length > 0) return { observations: [], issues };

  const observations: ObservationInput[] = [];
  const seen = new Map<string, number>();
  const readValue = (text: string, c: number, row: number, severity: 'error' | 'warning'): number | undefined => {
    if (text.trim() === '') return undefined;
    const value = parseNumber(text, options.locale);
    if (!Number.isNaN(value)) return value;
    const make = severity === 'error' ? errorIssue : warningIssue;
    issues.push(make('non-numeric', `${table.fileName} row ${row}, column "${table.columns[c]}": expected a number${options.locale && options.locale !== 'en' ? ` (${options.locale} style)` : ''}, got "${text}"`, { row, field: table.columns[c] }));
    return undefined;
  };
  table.rows.forEach((cellsOfRow, i) => {
    const row = table.rowNumbers[i];
    const areaKey = cellsOfRow[areaCol].trim();
    const indicator = indicatorCol >= 0 ? cellsOfRow[indicatorCol].trim() : options.indicator!;
    for (const cell of cells) {
      const value = readValue(cellsOfRow[cell.column], cell.column, row, 'error');
      if (value === undefined) continue;
      if (areaKey === '') {
        issues.push(errorIssue('missing-value', `${table.fileName} row ${row}, column "${table.columns[areaCol]}": a value without an area`, { row, field: table.columns[areaCol] }));
        break;
      }
      const period = cell.period ?? cellsOfRow[cell.periodCol].trim();
      if (period === '') {
        issues.push(errorIssue('missing-value', `${table.fileName} row ${row}, column "${table.columns[cell.periodCol]}": a value without a period`, { row, field: table.columns[cell.periodCol] }));
        continue;
      }
      const key = `${areaKey}\u0000${indicator}\u0000${period}`;
      const first = seen.get(key);
      if (first !== undefined) {
        issues.push(warningIssue('duplicate-code', `${table.fileName} row ${row}: area "${areaKey}", indicator "${indicator}", period ${period} already came in row ${first}`, { row }));
      } else seen.set(key, row);
      const observation: ObservationInput = { areaKey, indicator, period, value, row };
      // a bound that is not a number loses the bound, not the value
      const lower = lowerCol >= 0 ? readValue(cellsOfRow[lowerCol], lowerCol, row, 'warning') : undefined;
      const upper = upperCol >= 0 ? readValue(cellsOfRow[upperCol], upperCol, row, 'warning') : undefined;
      if (lower !== undefined) observation.lower = lower;
      if (upper !== undefined) observation.upper = upper;
      observations.push(observation);
    }
  });
  return { observations, issues: capIssues(issues) };
}
