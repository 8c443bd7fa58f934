import type ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { decodeText, type DecodeTextOptions } from './decode-text';
import { ImportError, errorIssue, warningIssue, type ImportIssue } from './import-error';
import { scanZip, type ZipLimits } from './unzip-safely';

/** How numbers are written: 'en' 1,234.5 · 'fr' 1 234,5 · 'de' 1.234,5. */
export type NumberLocale = 'en' | 'fr' | 'de';

/** A rectangular table of text cells, whatever file it came from. */
export interface Table {
  /** Used in messages. */
  fileName: string;
  /** Header names, trimmed and made unique. */
  columns: string[];
  /** HXL hashtag per column ('#adm1+code'), lower case without spaces; '' where a column has none. */
  hxl?: string[];
  /** Data rows; every row has `columns.length` cells. */
  rows: string[][];
  /** The row number a spreadsheet shows for each data row (1-based; the header row counts). */
  rowNumbers: number[];
  issues: ImportIssue[];
}

export interface ReadCsvOptions extends DecodeTextOptions {
  /** Field delimiter. @default detected among , ; tab | */
  delimiter?: string;
}

export interface ReadXlsxOptions {
  /** Worksheet name or 1-based position. @default the first visible sheet */
  sheet?: string | number;
  /** @default 'the workbook' */
  fileName?: string;
  /** Checked before the workbook (a zip) is opened. @default defaultZipLimits */
  limits?: ZipLimits;
}

/**
 * Reads CSV bytes (or text) into a Table: detects the delimiter, the header row and an HXL hashtag
 * row, and skips a footnote block after the data (reported as a warning).
 *
 * @example
 * const table = readCsv(bytes, { fileName: 'cod-ps.csv' }); // table.hxl[2] === '#adm1+code'
 */
export function readCsv(input: Uint8Array | string, options: ReadCsvOptions = {}): Table {
  const fileName = options.fileName ?? 'the table';
  const decoded = typeof input === 'string' ? { text: input.replace(/^\uFEFF/, ''), issues: [] } : decodeText(input, options);
  const parsed = Papa.parse<string[]>(decoded.text, {
    header: false,
    skipEmptyLines: false,
    delimiter: options.delimiter ?? detectDelimiter(decoded.text),
  });
  const issues: ImportIssue[] = [...decoded.issues];
  for (const e of parsed.errors.slice(0, 20)) {
    // papaparse numbers records from 0; an unclosed quote usually means a truncated file
    if (e.code === 'UndetectableDelimiter') continue;
    issues.push(warningIssue('malformed-row', `${fileName} row ${(e.row ?? 0) + 1}: ${e.message}`, { row: (e.row ?? 0) + 1 }));
  }
  const records = parsed.data;
  return buildTable(records, records.map((_, i) => i + 1), fileName, issues);
}

/**
 * The delimiter among , ; tab | that splits the first records (outside quotes) into the same
 * number of cells as the header, the most cells winning a tie. papaparse's own guess is thrown
 * off by blank lines and by decimal commas in short files ("name;value / Gaya;42,8").
 */
export function detectDelimiter(text: string): string {
  const candidates = [',', ';', '\t', '|'];
  const counts: number[][] = [];
  let current = candidates.map(() => 0);
  let inQuotes = false;
  let blank = true;
  for (let i = 0; i < text.length && counts.length < 50; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === '\n') {
      if (!blank) counts.push(current);
      current = candidates.map(() => 0);
      blank = true;
    } else if (!inQuotes) {
      const k = candidates.indexOf(ch);
      if (k >= 0) current[k]++;
      if (ch.trim() !== '') blank = false;
    }
  }
  if (!blank) counts.push(current);
  let best = { delimiter: ',', consistency: 0, cells: 0 };
  candidates.forEach((delimiter, k) => {
    const header = counts[0]?.[k] ?? 0;
    if (header === 0) return;
    const consistency = counts.filter((c) => c[k] === header).length / counts.length;
    if (consistency > best.consistency || (consistency === best.consistency && header > best.cells)) best = { delimiter, consistency, cells: header };
  });
  return best.delimiter;
}

/**
 * Reads one worksheet of an XLSX workbook into a Table. Formula cells give their saved value (the
 * formula is never evaluated); numbers are written the 'en' way (1234.5), dates as ISO 8601.
 *
 * @example
 * const table = await readXlsx(bytes, { sheet: 'INFORM Risk 2025 (a-z)' });
 */
export async function readXlsx(bytes: Uint8Array, options: ReadXlsxOptions = {}): Promise<Table> {
  const fileName = options.fileName ?? 'the workbook';
  // exceljs inflates the whole archive, trusting nothing but the data: give it only one whose sizes are true
  scanZip(bytes, { fileName, limits: options.limits });
  // loaded on first use: exceljs costs some 25 MB of memory in every process that never reads a workbook
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    // exceljs declares its own `Buffer extends ArrayBuffer`; a Node Buffer is what it reads at run time
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new ImportError(errorIssue('unrecognised-format', `${fileName} is not a readable XLSX workbook: its parts could not be read as a spreadsheet. Open it in a spreadsheet program and save it again as .xlsx`));
  }
  const sheet =
    options.sheet === undefined
      ? workbook.worksheets.find((w) => w.state === 'visible')
      : typeof options.sheet === 'number'
        ? workbook.worksheets[options.sheet - 1]
        : workbook.getWorksheet(options.sheet);
  if (!sheet) {
    const names = workbook.worksheets.map((w) => `'${w.name}'`).join(', ');
    throw new ImportError(errorIssue('missing-layer', `${fileName} has no worksheet ${options.sheet === undefined ? 'that is visible' : `'${options.sheet}'`}; it has ${names || 'none'}`));
  }
  const records: string[][] = [];
  const rowNumbers: number[] = [];
  let formulasWithoutValue = 0;
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      if (cell.type === Excel.ValueType.Formula) {
        // cell.result, not cell.value.result: exceljs's value copy drops falsy results (a cached 0)
        const result = cell.result as ExcelJS.CellValue | undefined;
        if (result === undefined) formulasWithoutValue++;
        cells.push(cellText(result ?? null));
      } else {
        cells.push(cellText(cell.value));
      }
    }
    records.push(cells);
    rowNumbers.push(rowNumber);
  });
  const issues: ImportIssue[] = [];
  if (formulasWithoutValue > 0) {
    issues.push(
      warningIssue('missing-value', `${fileName}, sheet '${sheet.name}': ${formulasWithoutValue} formula cells have an empty or no saved value; they are read as empty (formulas are never evaluated)`),
    );
  }
  return buildTable(records, rowNumbers, `${fileName}, sheet '${sheet.name}'`, issues);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return String(value.error);
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
  return '';
}

/**
 * Builds a Table from raw records: finds the header and HXL rows, pads ragged rows and cuts a
 * footnote block. `rowNumbers[i]` is the spreadsheet row number of `records[i]`.
 */
function buildTable(records: string[][], rowNumbers: number[], fileName: string, issues: ImportIssue[] = []): Table {
  const head = readTableHead(records, fileName, issues);
  if (!head) return { fileName, columns: [], rows: [], rowNumbers: [], issues: [...issues, errorIssue('missing-value', `${fileName} has no rows`)] };
  const { columns, hxl } = head;
  const width = columns.length;

  const body = records.slice(head.bodyStart);
  const bodyNumbers = rowNumbers.slice(head.bodyStart);
  const cut = findFootnoteBlock(body, width, isBlankRecord);
  if (cut !== null) {
    const first = body[cut.firstRow];
    let last = body.length - 1;
    while (last > cut.firstRow && isBlankRecord(body[last])) last--;
    issues.push(footnoteIssue(fileName, first, width, bodyNumbers[cut.firstRow], bodyNumbers[last]));
  }
  const end = cut === null ? body.length : cut.firstRow;
  const rows: string[][] = [];
  const numbers: number[] = [];
  for (let i = 0; i < end; i++) {
    const row = tableRow(body[i], width, bodyNumbers[i], fileName, issues);
    if (!row) continue;
    rows.push(row);
    numbers.push(bodyNumbers[i]);
  }
  return { fileName, columns, ...(hxl ? { hxl } : {}), rows, rowNumbers: numbers, issues };
}

/** True when every cell of a record is empty or blank. */
export function isBlankRecord(record: string[]): boolean {
  for (const c of record) if (c.trim() !== '') return false;
  return true;
}

/**
 * The header of a table from its first records: the first non-blank record names the columns, and
 * an HXL hashtag row (as the header or right under it) tags them. `bodyStart` is the index of the
 * first data record; null when every record is blank. Needs at most the first non-blank record and
 * the one after it, so a stream can call it early.
 */
export function readTableHead(records: string[][], fileName: string, issues: ImportIssue[]): { columns: string[]; hxl?: string[]; bodyStart: number } | null {
  let start = records.findIndex((r) => !isBlankRecord(r));
  if (start < 0) return null;

  const header = records[start].map((c) => c.trim());
  let hxl: string[] | undefined;
  if (isHashtagRow(header)) {
    // the hashtags are the only header
    hxl = header.map(normaliseHashtag);
    start += 1;
  } else if (records[start + 1] && isHashtagRow(records[start + 1])) {
    hxl = records[start + 1].map(normaliseHashtag);
    start += 2;
  } else {
    start += 1;
  }
  const width = header.length;
  const columns = uniqueColumns(header, fileName, issues);
  if (hxl) hxl = Array.from({ length: width }, (_, i) => hxl![i] ?? '');
  return { columns, ...(hxl ? { hxl } : {}), bodyStart: start };
}

/**
 * A data record as a row of exactly `width` cells, or null for a blank record. Extra cells that
 * hold something are reported ('ragged-row') and ignored; missing cells become ''.
 */
export function tableRow(record: string[], width: number, rowNumber: number, fileName: string, issues: ImportIssue[]): string[] | null {
  if (isBlankRecord(record)) return null;
  if (record.length > width && record.slice(width).some((c) => c.trim() !== '')) {
    issues.push(warningIssue('ragged-row', `${fileName} row ${rowNumber}: ${record.length} cells where the header has ${width}; the extra cells are ignored`, { row: rowNumber }));
  }
  if (record.length === width) return record;
  return Array.from({ length: width }, (_, c) => record[c] ?? '');
}

/** The warning for a second table after the data, read as footnotes and skipped. */
export function footnoteIssue(fileName: string, first: string[], width: number, firstRow: number, lastRow: number): ImportIssue {
  return warningIssue(
    'footnote-block',
    `${fileName}: rows ${firstRow}–${lastRow} are a second table (it starts "${first.slice(0, 3).join(',')}", ${first.length} columns where the data has ${width}); read as footnotes and skipped`,
    { row: firstRow },
  );
}

/** Whether a record, coming after a blank one, starts a footnote block: it has another shape than the data. */
export function startsFootnoteBlock(record: string[], width: number): boolean {
  let n = record.length;
  while (n > 0 && record[n - 1].trim() === '') n--;
  return n !== width && record.length !== width;
}

// a footnote block is what follows a blank row when its first row has another shape, or a tail of
// rows that all have another shape than the header (UNdata ends with `fnSeqID,Footnote`)
function findFootnoteBlock(body: string[][], width: number, isBlank: (r: string[]) => boolean): { firstRow: number } | null {
  for (let i = 1; i < body.length; i++) {
    if (!isBlank(body[i - 1]) || isBlank(body[i])) continue;
    const hasDataBefore = body.slice(0, i).some((r) => !isBlank(r));
    if (hasDataBefore && startsFootnoteBlock(body[i], width)) return { firstRow: i };
  }
  let tail = body.length;
  while (tail > 0 && isBlank(body[tail - 1])) tail--;
  let first = tail;
  while (first > 0 && !isBlank(body[first - 1]) && body[first - 1].length !== width) first--;
  if (first < tail && first > 0) return { firstRow: first };
  return null;
}

function isHashtagRow(cells: string[]): boolean {
  const filled = cells.map((c) => c.trim()).filter((c) => c !== '');
  if (filled.length === 0) return false;
  const tagged = filled.filter((c) => /^#[a-z][a-z0-9_]*(\s*\+\s*[a-z0-9_]+)*$/i.test(c)).length;
  return tagged > filled.length / 2;
}

function normaliseHashtag(cell: string): string {
  const t = cell.trim().toLowerCase().replace(/\s+/g, '');
  return t.startsWith('#') ? t : '';
}

function uniqueColumns(header: string[], fileName: string, issues: ImportIssue[]): string[] {
  const seen = new Map<string, number>();
  return header.map((name, i) => {
    const base = name === '' ? `column ${i + 1}` : name;
    const n = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), n);
    if (n === 1) return base;
    issues.push(warningIssue('duplicate-column', `${fileName}: column ${i + 1} repeats the name "${name}"; renamed "${base} (${n})"`, { field: name }));
    return `${base} (${n})`;
  });
}

/**
 * Index of a column by header name (case-insensitive, trimmed) or by HXL hashtag ('#adm1+code'
 * matches a column tagged '#adm1+code+v_pcode' too); -1 when absent.
 */
export function findColumn(table: Pick<Table, 'columns' | 'hxl'>, name: string): number {
  const wanted = name.trim().toLowerCase();
  if (wanted.startsWith('#') && table.hxl) {
    const tag = normaliseHashtag(wanted);
    const exact = table.hxl.indexOf(tag);
    if (exact >= 0) return exact;
    const parts = tag.split('+');
    return table.hxl.findIndex((t) => {
      const have = t.split('+');
      return have[0] === parts[0] && parts.slice(1).every((p) => have.includes(p));
    });
  }
  return table.columns.findIndex((c) => c.trim().toLowerCase() === wanted);
}

/** A Table with only the rows `keep` accepts; `cell(column)` reads a cell of the row by column name. */
export function filterTable(table: Table, keep: (cell: (column: string) => string, index: number) => boolean): Table {
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const indexCache = new Map<string, number>();
  table.rows.forEach((row, i) => {
    const cell = (column: string) => {
      if (!indexCache.has(column)) indexCache.set(column, findColumn(table, column));
      const c = indexCache.get(column)!;
      if (c < 0) throw new Error(`No column '${column}' in ${table.fileName}; columns are ${table.columns.join(', ')}`);
      return row[c];
    };
    if (keep(cell, i)) {
      rows.push(row);
      rowNumbers.push(table.rowNumbers[i]);
    }
  });
  return { ...table, rows, rowNumbers };
}

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

const numberPatterns: Record<NumberLocale, { pattern: RegExp; group: RegExp; decimal: string }> = {
  // groups of three, or the Indian lakh grouping (12,34,567) that Indian statistics use
  en: { pattern: /^[+-]?(\d{1,3}(,\d{3})+|\d{1,2}(,\d{2})+,\d{3}|\d*)(\.\d+)?([eE][+-]?\d+)?$/, group: /,/g, decimal: '.' },
  fr: { pattern: /^[+-]?(\d{1,3}([ \u00a0\u202f]\d{3})+|\d*)(,\d+)?([eE][+-]?\d+)?$/, group: /[ \u00a0\u202f]/g, decimal: ',' },
  de: { pattern: /^[+-]?(\d{1,3}(\.\d{3})+|\d*)(,\d+)?([eE][+-]?\d+)?$/, group: /\./g, decimal: ',' },
};

/**
 * Reads a number written in `locale`; returns NaN (never 0) for empty or non-numeric text, so that
 * a missing value is never taken for a zero. Strict about grouping: '1,5' is NaN in 'en', because
 * it is more likely a decimal comma than fifteen. A trailing '%' is allowed and ignored.
 *
 * @example
 * parseNumber('1 234,5', 'fr') // 1234.5
 */
export function parseNumber(text: string, locale: NumberLocale = 'en'): number {
  // most cells are plain decimals ("27.7", "-85"), the same in every locale but grouping: skip the patterns
  if (PLAIN_DECIMAL.test(text) && (locale === 'en' || !text.includes('.'))) return Number(text);
  let s = text.trim().replace(/[\u2212\u2012\u2013]/g, '-');
  if (s.endsWith('%')) s = s.slice(0, -1).trimEnd();
  if (!/\d/.test(s)) return NaN;
  const { pattern, group, decimal } = numberPatterns[locale];
  if (!pattern.test(s)) return NaN;
  s = s.replace(group, '');
  if (decimal !== '.') s = s.replace(decimal, '.');
  return Number(s);
}
