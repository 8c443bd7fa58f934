/**
 * Rows of a 3W sheet ("who does what, where": organisation, activity code, admin code or name,
 * status, dates — OCHA's 3W/5W practice) → interventions, one per row, each keyed by its area as
 * the sheet names it (joined to a boundary set by the import plan). Columns are proposed from the
 * header (names or HXL hashtags) unless the user names them.
 */
import { errorIssue, type ImportIssue } from './import-error';
import { findColumn, parseNumber, type NumberLocale, type Table } from './read-table';
import { getActionArea, isActionAreaCode, type ActionAreaCode } from '../domain/action-areas';
import { INTERVENTION_STATUSES, type InterventionStatus } from '../domain/interventions';
import { isCurrencyCode } from '../domain/currencies';

export interface InterventionFieldChoice {
  orgField?: string;
  activityField?: string;
  areaField?: string;
  statusField?: string;
  startField?: string;
  endField?: string;
  titleField?: string;
  budgetField?: string;
  currencyField?: string;
  /** People to reach (the reach target). */
  reachField?: string;
  /** People reached so far (the actual reach): recorded as a reach measurement. */
  reachedField?: string;
}

export interface InterventionRow {
  areaKey: string;
  /** Row of the sheet, as a spreadsheet shows it. */
  row: number;
  title: string | null;
  actionArea: ActionAreaCode;
  partner: string | null;
  status: InterventionStatus;
  startDate: string | null;
  endDate: string | null;
  budget: number | null;
  currency: string | null;
  reachTarget: number | null;
  /** People reached so far, as the sheet reports it; null when the cell is empty. */
  reached: number | null;
}

// header name patterns and HXL hashtags per field, most specific first
const PROPOSALS: Record<keyof InterventionFieldChoice, { hxl: string[]; names: RegExp[] }> = {
  orgField: { hxl: ['#org+impl', '#org'], names: [/^(implementing[ _-]?)?(org|organi[sz]ation|partner|agency)( ?name)?$/i, /^who$/i] },
  activityField: { hxl: ['#activity+code', '#sector+code', '#activity'], names: [/^(activity|action[ _-]?area)[ _-]?code$/i, /^(activity|action[ _-]?area|what)$/i] },
  areaField: { hxl: ['#adm3+code', '#adm2+code', '#adm1+code', '#country+code', '#adm3+name', '#adm2+name', '#adm1+name', '#country+name'], names: [/^(adm|admin)[ _-]?\d?[ _-]?p?code$/i, /^(p[ _-]?code|area[ _-]?code|iso3?)$/i, /^(adm|admin)[ _-]?\d?[ _-]?name$/i, /^(area|where|district|municipality|province|region)$/i] },
  statusField: { hxl: ['#status'], names: [/^(activity[ _-]?)?status$/i] },
  startField: { hxl: ['#date+start'], names: [/^start([ _-]?date)?$/i, /^(date[ _-]?)?start$/i, /^from$/i] },
  endField: { hxl: ['#date+end'], names: [/^end([ _-]?date)?$/i, /^(date[ _-]?)?end$/i, /^to$/i] },
  titleField: { hxl: ['#activity+name', '#activity+description'], names: [/^(title|activity[ _-]?(name|title|description))$/i] },
  budgetField: { hxl: ['#value+budget', '#value'], names: [/^budget$/i] },
  currencyField: { hxl: ['#currency'], names: [/^currency$/i] },
  reachField: { hxl: ['#targeted'], names: [/^(reach|people|beneficiaries)[ _-]?target(ed)?$/i, /^target(ed)?([ _-]?(reach|people|beneficiaries))?$/i] },
  reachedField: { hxl: ['#reached'], names: [/^(actual[ _-]?reach|reach[ _-]?actual|(people|beneficiaries)?[ _-]?reached)$/i, /^actual$/i] },
};

/**
 * The columns a 3W sheet's header suggests for each field (the user's choice wins).
 *
 * @example
 * proposeInterventionFields({ columns: ['Organisation', 'Activity code', 'Admin1 Pcode', 'Status', 'Start', 'End'] });
 * // { orgField: 'Organisation', activityField: 'Activity code', areaField: 'Admin1 Pcode', statusField: 'Status', startField: 'Start', endField: 'End' }
 */
export function proposeInterventionFields(table: Pick<Table, 'columns' | 'hxl'>): InterventionFieldChoice {
  const out: InterventionFieldChoice = {};
  const taken = new Set<string>();
  for (const [field, p] of Object.entries(PROPOSALS) as [keyof InterventionFieldChoice, (typeof PROPOSALS)[keyof InterventionFieldChoice]][]) {
    let column: string | undefined;
    for (const tag of p.hxl) {
      const i = table.hxl ? findColumn(table, tag) : -1;
      if (i >= 0 && !taken.has(table.columns[i])) { column = table.columns[i]; break; }
    }
    for (const re of p.names) {
      if (column) break;
      column = table.columns.find((c) => re.test(c.trim()) && !taken.has(c));
    }
    if (column) {
      out[field] = column;
      taken.add(column);
    }
  }
  return out;
}

/**
 * The columns of a 3W sheet when the header and the first rows read as one: a column proposed
 * for the activity code whose cells are mostly action-area codes of the seed, a column for the
 * area and one for the organisation or the status. Null otherwise, so a table of indicators
 * (an area column and values) is never taken for a 3W sheet.
 *
 * @example
 * proposeThreeW({ columns: ['Organisation', 'Activity code', 'Admin1 Pcode'], rows: [['Sample NGO', '2.2', 'SA-A']] });
 * // { orgField: 'Organisation', activityField: 'Activity code', areaField: 'Admin1 Pcode' }
 */
export function proposeThreeW(table: Pick<Table, 'columns' | 'hxl' | 'rows'>, sampleRows = 50): InterventionFieldChoice | null {
  const fields = proposeInterventionFields(table);
  if (!fields.activityField || !fields.areaField || !(fields.orgField || fields.statusField)) return null;
  const i = table.columns.indexOf(fields.activityField);
  const cells = table.rows.slice(0, sampleRows).map((r) => (r[i] ?? '').trim()).filter((c) => c !== '');
  const codes = cells.filter((c) => parseActivityCode(c) !== null).length;
  return cells.length > 0 && codes * 2 >= cells.length ? fields : null;
}

const STATUS_WORDS: Record<string, InterventionStatus> = {
  planned: 'planned', planning: 'planned', pipeline: 'planned', proposed: 'planned', prévu: 'planned', prevu: 'planned', planifié: 'planned', planifie: 'planned',
  ongoing: 'ongoing', 'on-going': 'ongoing', 'on going': 'ongoing', active: 'ongoing', 'in progress': 'ongoing', implementation: 'ongoing', 'en cours': 'ongoing',
  completed: 'completed', complete: 'completed', finished: 'completed', done: 'completed', closed: 'completed', terminé: 'completed', termine: 'completed', achevé: 'completed',
  cancelled: 'cancelled', canceled: 'cancelled', annulé: 'cancelled', annule: 'cancelled',
};

/** A 3W status word (English or French, any case) as a status, or null. */
export function parseInterventionStatus(text: string): InterventionStatus | null {
  const word = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if ((INTERVENTION_STATUSES as readonly string[]).includes(word)) return word as InterventionStatus;
  return STATUS_WORDS[word] ?? null;
}

/** The action-area code at the start of a cell ('2.2', '6b.1', '2.2 Building capacities'), or null. */
export function parseActivityCode(text: string): ActionAreaCode | null {
  const m = text.trim().match(/^(?:AA\s*)?(\d[A-Ca-c]?\.\d)\b/);
  if (!m) return null;
  const code = m[1].toUpperCase();
  return isActionAreaCode(code) ? code : null;
}

/**
 * A date cell as YYYY-MM-DD: ISO dates (a time is dropped), DD/MM/YYYY and DD.MM.YYYY (day
 * first, as 3W sheets write them), YYYY-MM and YYYY (the first day for a start, the last for an
 * end). Null for an empty cell; undefined when it is not a date.
 */
export function parseSheetDate(text: string, end = false): string | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  let y: number, m: number, d: number | null;
  let match: RegExpMatchArray | null;
  if ((match = t.match(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/))) [y, m, d] = [+match[1], +match[2], +match[3]];
  else if ((match = t.match(/^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/))) [y, m, d] = [+match[3], +match[2], +match[1]];
  else if ((match = t.match(/^(\d{4})-(\d{1,2})$/))) [y, m, d] = [+match[1], +match[2], null];
  else if ((match = t.match(/^(\d{4})$/))) [y, m, d] = [+match[1], end ? 12 : 1, null];
  else return undefined;
  if (m < 1 || m > 12) return undefined;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const day = d ?? (end ? last : 1);
  if (day < 1 || day > last) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Reads the rows of a 3W sheet. A row without an area, with an activity code outside the seed's,
 * an unknown status, a date that is not one or an end before its start is left out and named in
 * the issues (row and column); a missing status reads as planned.
 */
export function toInterventionRows(table: Table, choice: InterventionFieldChoice, options: { locale?: NumberLocale } = {}): { rows: InterventionRow[]; issues: ImportIssue[]; fields: InterventionFieldChoice } {
  const fields = { ...proposeInterventionFields(table), ...Object.fromEntries(Object.entries(choice).filter(([, v]) => v)) } as InterventionFieldChoice;
  const issues: ImportIssue[] = [];
  const file = table.fileName;
  const column = (name: keyof InterventionFieldChoice, required: boolean) => {
    const header = fields[name];
    const i = header ? findColumn(table, header) : -1;
    if (i < 0 && (required || header)) {
      const what = { activityField: 'the activity (action-area) code', areaField: 'the admin area code or name', orgField: 'the organisation' }[name as string] ?? name;
      throw Object.assign(new Error(), { issue: errorIssue('missing-column', header ? `${file}: no column '${header}' (for ${what})` : `${file}: no column found for ${what}; name it (columns: ${table.columns.join(', ')})`, { field: name }) });
    }
    return i;
  };
  let idx: Record<keyof InterventionFieldChoice, number>;
  try {
    idx = {
      activityField: column('activityField', true), areaField: column('areaField', true), orgField: column('orgField', false),
      statusField: column('statusField', false), startField: column('startField', false), endField: column('endField', false),
      titleField: column('titleField', false), budgetField: column('budgetField', false), currencyField: column('currencyField', false),
      reachField: column('reachField', false), reachedField: column('reachedField', false),
    };
  } catch (err) {
    const issue = (err as { issue?: ImportIssue }).issue;
    if (issue) return { rows: [], issues: [issue], fields };
    throw err;
  }
  const rows: InterventionRow[] = [];
  table.rows.forEach((cells, r) => {
    const row = table.rowNumbers[r];
    const cell = (k: keyof InterventionFieldChoice) => (idx[k] >= 0 ? (cells[idx[k]] ?? '').trim() : '');
    const leaveOut = (field: keyof InterventionFieldChoice, why: string) => issues.push(errorIssue('missing-value', `${file}: row ${row}: ${why}; the row is left out`, { row, field: fields[field] }));
    const areaKey = cell('areaField');
    if (!areaKey) return leaveOut('areaField', `no admin area in column '${fields.areaField}'`);
    const rawCode = cell('activityField');
    const actionArea = parseActivityCode(rawCode);
    if (!actionArea) return leaveOut('activityField', rawCode ? `'${rawCode}' is not an action-area code of the theory of change (1.1 … 8.5, 6A.1, 6B.1 … 6B.4, 6C.1)` : 'no activity code');
    const rawStatus = cell('statusField');
    const status = rawStatus ? parseInterventionStatus(rawStatus) : 'planned';
    if (!status) return leaveOut('statusField', `status '${rawStatus}' is not planned, ongoing, completed or cancelled`);
    const startDate = parseSheetDate(cell('startField'));
    if (startDate === undefined) return leaveOut('startField', `'${cell('startField')}' is not a date (expected 2026-03-31 or 31/03/2026)`);
    const endDate = parseSheetDate(cell('endField'), true);
    if (endDate === undefined) return leaveOut('endField', `'${cell('endField')}' is not a date (expected 2026-03-31 or 31/03/2026)`);
    if (startDate && endDate && endDate < startDate) return leaveOut('endField', `the end (${endDate}) is before the start (${startDate})`);
    // a number of 0 or more; NaN when the cell is not a number, -1 when it is negative
    const number = (k: keyof InterventionFieldChoice) => {
      const text = cell(k);
      if (!text) return null;
      const n = parseNumber(text, options.locale);
      return Number.isFinite(n) ? (n >= 0 ? n : -1) : NaN;
    };
    const problem = (n: number | null, what: string, k: keyof InterventionFieldChoice) =>
      n === null || n >= 0 ? null : Number.isNaN(n) ? `${what} '${cell(k)}' is not a number` : `${what} ${cell(k)} is negative; it cannot be below 0`;
    const budget = number('budgetField');
    const budgetProblem = problem(budget, 'budget', 'budgetField');
    if (budgetProblem) return leaveOut('budgetField', budgetProblem);
    const currency = cell('currencyField').toUpperCase() || null;
    if (currency && !isCurrencyCode(currency)) return leaveOut('currencyField', `currency '${cell('currencyField')}' is not an ISO 4217 code in use (such as USD, EUR or XOF)`);
    if (budget !== null && !currency) return leaveOut(fields.currencyField ? 'currencyField' : 'budgetField', `a budget of ${cell('budgetField')} without its currency`);
    const reach = number('reachField');
    const reachProblem = problem(reach, 'reach target', 'reachField');
    if (reachProblem) return leaveOut('reachField', reachProblem);
    const reached = number('reachedField');
    const reachedProblem = problem(reached, 'actual reach', 'reachedField');
    if (reachedProblem) return leaveOut('reachedField', reachedProblem);
    if (reached !== null && reached > 0 && !reach) {
      const where = fields.reachField ? `no reach target in column '${fields.reachField}'` : 'no reach target column';
      return leaveOut('reachedField', `actual reach ${cell('reachedField')} with ${reach === 0 ? 'a reach target of 0' : where}: set the people to reach first`);
    }
    rows.push({
      areaKey, row, title: cell('titleField') || null, actionArea, partner: cell('orgField') || null, status, startDate, endDate,
      budget, currency, reachTarget: reach === null ? null : Math.round(reach), reached: reached === null ? null : Math.round(reached),
    });
  });
  return { rows, issues, fields };
}

/** The default title of a row: the action area's name and the area. */
export function defaultInterventionTitle(code: ActionAreaCode, areaName: string): string {
  return `${getActionArea(code).title} — ${areaName}`.slice(0, 300);
}
