/**
 * Cells that a spreadsheet would run as a formula start with one of these (OWASP CSV injection);
 * tab and carriage return too, since some spreadsheets strip them and read what follows.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Makes a cell safe to open in a spreadsheet: a text cell that starts like a formula is prefixed
 * with an apostrophe; numbers (including negative ones) are left as they are.
 *
 * @example
 * neutraliseCell('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"
 */
export function neutraliseCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * Formats rows as RFC 4180 CSV with a header, every text cell neutralised against formula injection.
 *
 * @example
 * toCsv(['name', 'value'], [['Araria', 52]]) // 'name,value\r\nAraria,52\r\n'
 */
export function toCsv(columns: string[], rows: (string | number | null | undefined)[][]): string {
  const lines = [columns.map((c) => quote(neutraliseCell(c))).join(',')];
  for (const row of rows) lines.push(row.map((c) => quote(neutraliseCell(c))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
