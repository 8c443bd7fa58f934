/**
 * Sites from a file too big to hold: newline-delimited GeoJSON or CSV read chunk by chunk, each
 * row checked by the same rules as the whole-file importers (to-sites.ts) and handed on in
 * batches. Memory holds one chunk of text, one batch and the first issues of each kind, whatever
 * the size of the file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import Papa from 'papaparse';
import type { Geometry, Position } from 'geojson';
import type { SiteInput } from '../domain/types';
import { createStreamDecoder, type StreamDecoder } from '../importers/decode-text';
import { detectFormat } from '../importers/detect-format';
import { ImportError, IssueCollector, errorIssue, warningIssue, type ImportIssue } from '../importers/import-error';
import { forEachPosition } from '../importers/map-positions';
import { parseNdGeojsonLine, type ImportedFeature } from '../importers/read-geojson';
import { detectDelimiter, findColumn, footnoteIssue, isBlankRecord, readTableHead, startsFootnoteBlock, tableRow, type NumberLocale } from '../importers/read-table';
import { centroidIssue, featureToSite, tableSiteReader, type SiteCategory } from '../importers/to-sites';
import { featureLabel } from '../importers/validate-geometry';
import type { ImportLimits } from './limits';
import { inspectParsed, parseFile, type Inspection } from './parse-file';

/** The formats that can be read as a stream. */
export type StreamFormat = 'csv' | 'ndgeojson';

export interface SiteStreamOptions {
  /** Used in messages. */
  fileName: string;
  format: StreamFormat;
  category: SiteCategory;
  /** CSV: @default detected */
  latField?: string;
  /** CSV: @default detected */
  lngField?: string;
  /** @default detected (name, name_en, title …) */
  nameField?: string;
  /** CSV numbers. @default 'en' */
  locale?: NumberLocale;
  /** @default detected from the first 64 KB */
  encoding?: string;
  /** CSV: keep only the rows whose column `field` equals `equals`. @default none */
  filters?: { field: string; equals: string }[];
  limits: Pick<ImportLimits, 'maxRows'>;
  /**
   * Sites per batch. Small batches die young: with 2,000 the garbage collector took twice as long.
   * @default 500
   */
  batchSize?: number;
  /** Issues kept per kind (the rest are counted). @default 20 */
  issuesPerKind?: number;
  /** Bytes read at a time. @default 64 KiB */
  chunkBytes?: number;
  /** Take the file's SHA-256 as it is read (see `SiteStream.sha256`). @default false */
  hash?: boolean;
}

/** What a stream found, once it has been read to the end (or so far, before). */
export interface SiteStreamSummary {
  /** Rows or features read (CSV: data rows that pass the filters). */
  rowsRead: number;
  /** Sites yielded. */
  sites: number;
  issues: ImportIssue[];
  errorCount: number;
}

export interface SiteStream {
  /** Batches of valid sites, in file order. Rows that cannot be used are left out and reported. */
  batches: AsyncGenerator<SiteInput[], void, undefined>;
  /** Bytes of the file read so far. */
  bytesRead(): number;
  summary(): SiteStreamSummary;
  /** SHA-256 of the file, hex, once the batches have been read to the end with `hash`; else null. */
  sha256(): string | null;
}

const HEAD_BYTES = 64 * 1024;
/** Files up to this size are inspected whole; bigger streamable ones by their first rows. */
export const WHOLE_INSPECT_MAX_BYTES = 8 << 20;
// How much of a big file the preview reads.
const PREVIEW_BYTES = 1 << 20;
// Small reads keep little alive between two garbage collections (1 MiB chunks cost 50 MB more).
const CHUNK_BYTES = 64 * 1024;
// Text judged for the delimiter and line break of a CSV file.
const DETECT_CHARS = 64 * 1024;
// A CSV record or a GeoJSON line longer than this is a broken file, not data.
const MAX_RECORD_CHARS = 8 << 20;
// Rows of another width than the header held back as a possible footnote block at the end.
const MAX_HELD_ROWS = 1000;

/** The first `length` bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, length = HEAD_BYTES): Promise<Uint8Array> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * The format of a file when it can be read as a stream — newline-delimited GeoJSON or CSV, not
 * compressed — judged from its first bytes (as text in `encoding`, when given); null for anything
 * else (which is read whole).
 */
export async function streamableFormat(path: string, fileName: string, encoding?: string): Promise<StreamFormat | null> {
  const head = await readHead(path);
  // gzip, zip (shapefile, XLSX): read whole
  if ((head[0] === 0x1f && head[1] === 0x8b) || (head[0] === 0x50 && head[1] === 0x4b)) return null;
  try {
    const { format } = detectFormat(fileName, head, undefined, encoding);
    return format === 'csv' || format === 'ndgeojson' ? format : null;
  } catch {
    // not a format we read: the whole-file path says why
    return null;
  }
}

/**
 * inspectParsed for a file too big to parse whole: the preview, sample and proposals come from its
 * first megabyte (whole lines), and the row count from counting the non-blank lines of the rest
 * (exact unless quoted CSV cells hold line breaks). When the first bytes are UTF-8, the rest is
 * checked to be too.
 */
export async function inspectStreamable(path: string, fileName: string, options: { encoding?: string; limits: ImportLimits }): Promise<Inspection> {
  const head = await readHead(path, PREVIEW_BYTES);
  const cut = head.lastIndexOf(0x0a) + 1 || head.length;
  const inspection = inspectParsed(await parseFile(head.subarray(0, cut), fileName, { encoding: options.encoding, limits: options.limits }));
  const decoder = createStreamDecoder(head.subarray(0, HEAD_BYTES), { fileName, encoding: options.encoding });
  const check = decoder.encoding === 'utf-8' && !options.encoding ? decoder : null;
  let lines = 0;
  // whether the line running across a chunk boundary has anything in it
  let filled = false;
  const issues = [...inspection.issues];
  let broken = false;
  for await (const chunk of fs.createReadStream(path, { start: 0, highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    if (check && !broken) {
      try {
        check.write(chunk);
      } catch (e) {
        if (!(e instanceof ImportError)) throw e;
        issues.push(...e.issues);
        broken = true;
      }
    }
    let from = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; from = nl + 1, nl = chunk.indexOf(0x0a, from)) {
      if (filled || hasContent(chunk, from, nl)) lines++;
      filled = false;
    }
    filled ||= hasContent(chunk, from, chunk.length);
  }
  if (filled) lines++;
  const headLines = countFilledLines(head.subarray(0, cut));
  return { ...inspection, rowCount: inspection.rowCount + (lines - headLines), issues };
}

// whether bytes[from, to) hold more than a carriage return
function hasContent(bytes: Uint8Array, from: number, to: number): boolean {
  return to - from > 1 || (to - from === 1 && bytes[from] !== 0x0d);
}

function countFilledLines(bytes: Uint8Array): number {
  let lines = 0;
  let from = 0;
  for (let nl = bytes.indexOf(0x0a); nl >= 0; from = nl + 1, nl = bytes.indexOf(0x0a, from)) if (hasContent(bytes, from, nl)) lines++;
  return lines + (hasContent(bytes, from, bytes.length) ? 1 : 0);
}

/**
 * Reads the sites of a newline-delimited GeoJSON or CSV file as a stream of batches. Rows with
 * unusable coordinates or categories are left out and reported with their line (NDJSON) or row
 * (CSV) and column, as tableToSites and featuresToSites do; a line that is not JSON, missing
 * columns or too many rows stop the stream with an ImportError.
 *
 * @example
 * const stream = streamSites(upload.path, { fileName, format: 'ndgeojson', category: 'transit.bus-station', limits });
 * for await (const batch of stream.batches) await write(batch);
 * stream.summary().issues;
 */
export function streamSites(path: string, options: SiteStreamOptions): SiteStream {
  const issues = new IssueCollector(options.issuesPerKind ?? 20);
  const state = { bytes: 0, rowsRead: 0, sites: 0, centroids: 0 };
  const batchSize = options.batchSize ?? 500;
  const hash = options.hash ? crypto.createHash('sha256') : null;
  let sha256: string | null = null;

  async function* batches(): AsyncGenerator<SiteInput[], void, undefined> {
    const decoder = createStreamDecoder(await readHead(path), { fileName: options.fileName, encoding: options.encoding });
    decoder.issues.forEach((i) => issues.add(i));
    const texts = readText(path, options.chunkBytes ?? CHUNK_BYTES, decoder, (chunk) => {
      state.bytes += chunk.length;
      hash?.update(chunk);
    });
    let batch: SiteInput[] = [];
    const rows = options.format === 'ndgeojson' ? ndgeojsonSites(texts, options, issues, state) : csvSites(texts, options, issues, state);
    for await (const sites of rows) {
      for (const site of sites) {
        batch.push(site);
        if (batch.length >= batchSize) {
          state.sites += batch.length;
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) {
      state.sites += batch.length;
      yield batch;
    }
    if (state.centroids > 0) issues.add(centroidIssue(options.fileName, state.centroids));
    if (hash) sha256 = hash.digest('hex');
  }

  return {
    batches: batches(),
    bytesRead: () => state.bytes,
    summary: () => ({ rowsRead: state.rowsRead, sites: state.sites, issues: issues.list(), errorCount: issues.errorCount }),
    sha256: () => sha256,
  };
}

async function* readText(path: string, chunkBytes: number, decoder: StreamDecoder, onChunk: (bytes: Buffer) => void): AsyncGenerator<string> {
  for await (const chunk of fs.createReadStream(path, { highWaterMark: chunkBytes })) {
    onChunk(chunk as Buffer);
    const text = decoder.write(chunk as Buffer);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

function checkRowLimit(rows: number, options: SiteStreamOptions): void {
  if (rows > options.limits.maxRows) {
    throw new ImportError(
      errorIssue('limit-exceeded', `${options.fileName} has more rows or features than the limit of ${options.limits.maxRows.toLocaleString('en')} (IMPORT_MAX_ROWS)`),
    );
  }
}

type Counts = { rowsRead: number; centroids: number };

// The sites of each chunk of newline-delimited GeoJSON.
async function* ndgeojsonSites(texts: AsyncIterable<string>, options: SiteStreamOptions, issues: IssueCollector, counts: Counts): AsyncGenerator<SiteInput[]> {
  const scratch: ImportIssue[] = [];
  const toSiteOptions = { category: options.category, nameField: options.nameField, fileName: options.fileName };
  let pending = '';
  let line = 0;
  const take = (text: string, out: SiteInput[]) => {
    line++;
    const feature = parseNdGeojsonLine(text, line, counts.rowsRead, options.fileName, scratch);
    if (scratch.length > 0) throw new ImportError(scratch.splice(0));
    if (!feature) return;
    const at = { feature: counts.rowsRead, row: line };
    checkRowLimit(++counts.rowsRead, options);
    if (!checkPositions(feature, at, options.fileName, scratch)) {
      scratch.splice(0).forEach((i) => issues.add(i));
      return;
    }
    const site = featureToSite(feature, at, toSiteOptions, scratch);
    if (scratch.length > 0) scratch.splice(0).forEach((i) => issues.add(i));
    if (!site) return;
    if (feature.geometry!.type !== 'Point') counts.centroids++;
    out.push(site);
  };
  for await (const text of texts) {
    const lines = (pending + text).split('\n');
    pending = lines.pop()!;
    if (pending.length > MAX_RECORD_CHARS) {
      throw new ImportError(errorIssue('unrecognised-format', `${options.fileName} line ${line + lines.length + 1} runs over ${MAX_RECORD_CHARS >> 20} million characters: newline-delimited GeoJSON has one feature per line`, { row: line + lines.length + 1 }));
    }
    const out: SiteInput[] = [];
    for (const l of lines) take(l, out);
    yield out;
  }
  if (pending !== '') {
    const out: SiteInput[] = [];
    take(pending, out);
    yield out;
  }
}

// Coordinates that are numbers and longitude/latitude, as validateFeatures checks a whole file.
function checkPositions(feature: ImportedFeature, at: { feature: number; row: number }, fileName: string, issues: ImportIssue[]): boolean {
  const geometry = feature.geometry as Geometry | null;
  const point = geometry?.type === 'Point' ? geometry.coordinates : null;
  const bad = point ? (isPair(point) ? null : point) : firstPosition(geometry, (p) => !isPair(p));
  if (bad) {
    issues.push(errorIssue('non-numeric', `${featureWhere(feature, at, fileName)} has a coordinate that is not a pair of numbers: ${JSON.stringify(bad)}; skipped`, { ...at, field: 'geometry' }));
    return false;
  }
  const outside = point ? (isLngLat(point) ? null : point) : firstPosition(geometry, (p) => !isLngLat(p));
  if (outside) {
    issues.push(
      errorIssue(
        'out-of-range',
        `${featureWhere(feature, at, fileName)} has coordinates (${outside[0]}, ${outside[1]}) outside longitude/latitude; skipped. If every feature does, the file is probably projected: reproject it to WGS 84 (EPSG:4326)`,
        { ...at, field: 'geometry' },
      ),
    );
    return false;
  }
  return true;
}

function isPair(p: Position): boolean {
  return Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);
}

// the bounds isLngLatBounds accepts: longitudes to ±360 (unwrapped), latitudes to ±90
function isLngLat(p: Position): boolean {
  return p[0] >= -360 && p[0] <= 360 && p[1] >= -90.000001 && p[1] <= 90.000001;
}

function firstPosition(geometry: Geometry | null, test: (p: Position) => boolean): Position | null {
  let found: Position | null = null;
  forEachPosition(geometry, (p) => {
    if (found === null && test(p)) found = p;
  });
  return found;
}

function featureWhere(feature: ImportedFeature, at: { feature: number; row: number }, fileName: string): string {
  return `${fileName} line ${at.row}: ${featureLabel(feature, at.feature)}`;
}

// The sites of each chunk of CSV: papaparse's Parser on each chunk, holding back the last,
// possibly partial record for the next (as papaparse's own ChunkStreamer does). Row numbers are
// record numbers, as readCsv gives them.
async function* csvSites(texts: AsyncIterable<string>, options: SiteStreamOptions, issues: IssueCollector, counts: Counts): AsyncGenerator<SiteInput[]> {
  const { fileName } = options;
  const scratch: ImportIssue[] = [];
  let config: { delimiter: string; newline: '\n' | '\r\n' | '\r' } | null = null;
  let partial = '';
  let base = 0;
  // records returned by the parser so far, and its errors
  let parsed = 0;
  let malformed = 0;

  const parse = (input: string, last: boolean): string[][] => {
    const result = new Papa.Parser({ delimiter: config!.delimiter, newline: config!.newline, quoteChar: '"' }).parse(input, base, !last) as Papa.ParseResult<string[]>;
    for (const e of result.errors) {
      if (malformed++ >= 20) break;
      const row = parsed + (e.row ?? 0) + 1;
      issues.add(warningIssue('malformed-row', `${fileName} row ${row}: ${e.message}`, { row }));
    }
    if (!last) {
      partial = input.substring(result.meta.cursor - base);
      base = result.meta.cursor;
      if (partial.length > MAX_RECORD_CHARS) {
        const row = parsed + result.data.length + 1;
        throw new ImportError(errorIssue('malformed-row', `${fileName} row ${row}: a record runs over ${MAX_RECORD_CHARS >> 20} million characters; a quote is probably never closed`, { row }));
      }
    }
    return result.data;
  };

  // Until the header is known: the first records.
  let head: string[][] | null = [];
  let width = 0;
  let toSite: (record: string[], rowNumber: number, out: SiteInput[]) => void = () => {};
  let previousBlank = false;
  let bodyRows = 0;
  const tail: { footnotes: { first: string[]; firstRow: number; lastRow: number } | null } = { footnotes: null };
  // Rows of another width than the header, held back with the blank rows after them: a run of
  // them that lasts to the end of the file is a footnote block with no blank row before it
  // (UNdata's `fnSeqID,Footnote`), as readCsv finds it; any other run was data after all.
  const held: { record: string[]; rowNumber: number; blank: boolean }[] = [];
  let heldFrom = -1;
  // in a run of such rows too long to be footnotes
  let longRun = false;

  // Reads the header from the first records and returns the index of the first data record.
  const begin = (records: string[][]): number => {
    const found: ImportIssue[] = [];
    const table = readTableHead(records, fileName, found);
    if (!table) throw new ImportError(errorIssue('missing-value', `${fileName} has no rows`));
    width = table.columns.length;
    const siteOf = tableSiteReader({ fileName, columns: table.columns, hxl: table.hxl }, options, found);
    if (!siteOf) throw new ImportError(found);
    found.forEach((i) => issues.add(i));
    const filters = (options.filters ?? []).map((f) => {
      const c = findColumn(table, f.field);
      if (c < 0) throw new ImportError(errorIssue('missing-column', `${fileName} has no column "${f.field}" to filter on; columns are ${table.columns.join(', ')}`, { field: f.field }));
      return { c, equals: f.equals.trim() };
    });
    toSite = (record, rowNumber, out) => {
      const row = tableRow(record, width, rowNumber, fileName, scratch);
      if (row && passes(row, filters)) {
        checkRowLimit(++counts.rowsRead, options);
        const site = siteOf(row, rowNumber, scratch);
        if (site) out.push(site);
      }
      if (scratch.length > 0) scratch.splice(0).forEach((i) => issues.add(i));
    };
    return table.bodyStart;
  };

  const release = (out: SiteInput[]) => {
    for (const h of held) if (!h.blank) toSite(h.record, h.rowNumber, out);
    held.length = 0;
  };

  const body = (records: string[][], firstIndex: number, out: SiteInput[]) => {
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      const rowNumber = firstIndex + i + 1;
      const blank = isBlankRecord(record);
      const other = !blank && record.length !== width;
      if (tail.footnotes) {
        if (!blank) tail.footnotes.lastRow = rowNumber;
      } else if (previousBlank && !blank && counts.rowsRead + held.length > 0 && startsFootnoteBlock(record, width)) {
        // a second table after a blank row (UNdata's footnotes): skipped, reported once
        release(out);
        tail.footnotes = { first: record, firstRow: rowNumber, lastRow: rowNumber };
      } else if (blank) {
        if (held.length > 0) held.push({ record, rowNumber, blank });
      } else if (other && bodyRows > 0 && !longRun) {
        // a blank row between two runs ends the first: it was data
        if (held.length > 0 && held[held.length - 1].blank) release(out);
        if (held.length === 0) heldFrom = rowNumber;
        held.push({ record, rowNumber, blank });
        // footnotes are short: a longer run is data, and memory stays flat
        if (held.length > MAX_HELD_ROWS) {
          release(out);
          longRun = true;
        }
      } else {
        release(out);
        if (!other) longRun = false;
        toSite(record, rowNumber, out);
      }
      previousBlank = blank;
      bodyRows++;
    }
  };

  // At the end of the file: the rows still held are its footnote block.
  const finish = (out: SiteInput[]) => {
    const block = held.filter((h) => !h.blank);
    if (block.length > 0) {
      tail.footnotes = { first: block[0].record, firstRow: heldFrom, lastRow: block[block.length - 1].rowNumber };
      held.length = 0;
    }
    release(out);
  };

  const feed = (records: string[][], last: boolean): SiteInput[] => {
    const out: SiteInput[] = [];
    const firstIndex = parsed;
    parsed += records.length;
    if (!head) {
      body(records, firstIndex, out);
      if (last) finish(out);
      return out;
    }
    head.push(...records);
    const filled = head.findIndex((r) => !isBlankRecord(r));
    if (!last && (filled < 0 || filled + 1 >= head.length)) return out;
    const all = head;
    head = null;
    const bodyStart = begin(all);
    body(all.slice(bodyStart), bodyStart, out);
    if (last) finish(out);
    return out;
  };

  // the delimiter and line break are judged on the first 64 K characters, as readCsv judges them
  let opening = '';
  for await (const text of texts) {
    if (config) {
      yield feed(parse(partial + text, false), false);
      continue;
    }
    opening += text;
    if (opening.length < DETECT_CHARS) continue;
    config = { delimiter: detectDelimiter(opening), newline: detectNewline(opening) };
    yield feed(parse(opening, false), false);
  }
  if (!config) {
    config = { delimiter: detectDelimiter(opening), newline: detectNewline(opening) };
    partial = opening;
  }
  yield feed(parse(partial, true), true);
  const block = tail.footnotes;
  if (block) issues.add(footnoteIssue(fileName, block.first, width, block.firstRow, block.lastRow));
}

function passes(row: string[], filters: { c: number; equals: string }[]): boolean {
  for (const f of filters) if (row[f.c].trim() !== f.equals) return false;
  return true;
}

// The line break of a text: the first one found, as papaparse guesses it.
function detectNewline(text: string): '\n' | '\r\n' | '\r' {
  const n = text.indexOf('\n');
  const r = text.indexOf('\r');
  if (r < 0 || (n >= 0 && n < r)) return '\n';
  return text[r + 1] === '\n' ? '\r\n' : '\r';
}
