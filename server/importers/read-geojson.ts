import type { Feature, Geometry } from 'geojson';
import { decodeText, type DecodeTextOptions } from './decode-text';
import { ImportError, errorIssue, type ImportIssue } from './import-error';
import { checkJsonDepth } from './json-depth';

/** A GeoJSON feature; its geometry may be null (RFC 7946 §3.2), which the validator reports. */
export type ImportedFeature = Feature<Geometry | null>;

/** Features read from a vector file, before validation. */
export interface FeatureSet {
  features: ImportedFeature[];
  issues: ImportIssue[];
}

const geometryTypes = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/**
 * Reads a GeoJSON FeatureCollection, a single Feature or a bare geometry.
 *
 * @example
 * const { features, issues } = readGeojson(fs.readFileSync('bihar.geojson'), { fileName: 'bihar.geojson' });
 * features.length; // 38 districts; issues: how the text was decoded, if it needed saying
 */
export function readGeojson(input: Uint8Array | string, options: DecodeTextOptions = {}): FeatureSet {
  const fileName = options.fileName ?? 'the file';
  const { text, issues } = typeof input === 'string' ? { text: input, issues: [] } : decodeText(input, options);
  const json = parseJson(text.replace(/^\uFEFF/, ''), fileName);
  const found = describe(json);
  if (found === 'FeatureCollection') {
    const list = (json as { features?: unknown }).features;
    if (!Array.isArray(list)) {
      throw new ImportError(errorIssue('unrecognised-format', `${fileName}: the FeatureCollection has no "features" array`));
    }
    return { features: list.map((f, i) => toFeature(f, i, fileName)), issues };
  }
  if (found === 'Feature' || geometryTypes.has(found)) return { features: [toFeature(json, 0, fileName)], issues };
  if (found === 'Topology') {
    throw new ImportError(errorIssue('unrecognised-format', `${fileName} is TopoJSON, not GeoJSON; read it with readTopojson`));
  }
  throw new ImportError(
    errorIssue('unrecognised-format', `${fileName}: expected a GeoJSON FeatureCollection, Feature or geometry, got ${found}`),
  );
}

/**
 * Reads newline-delimited GeoJSON (one Feature per line; RFC 8142 record separators allowed).
 * A line that is not a Feature is an error naming its line number.
 */
export function readNdGeojson(input: Uint8Array | string, options: DecodeTextOptions = {}): FeatureSet {
  const fileName = options.fileName ?? 'the file';
  const { text, issues } = typeof input === 'string' ? { text: input, issues: [] } : decodeText(input, options);
  const features: ImportedFeature[] = [];
  const errors: ImportIssue[] = [];
  text.replace(/^\uFEFF/, '').split('\n').forEach((line, i) => {
    const feature = parseNdGeojsonLine(line, i + 1, features.length, fileName, errors);
    if (feature) features.push(feature);
  });
  if (errors.length > 0) throw new ImportError([...issues, ...errors]);
  return { features, issues };
}

/**
 * Streams newline-delimited GeoJSON, yielding features in batches; memory stays flat however
 * large the input, because only the current partial line and one batch are held.
 *
 * @example
 * let count = 0;
 * for await (const batch of streamNdGeojson(fs.createReadStream('sites.ndjson'), { fileName: 'sites.ndjson' })) count += batch.length;
 */
export async function* streamNdGeojson(
  readable: AsyncIterable<Uint8Array | string>,
  options: { batchSize?: number; fileName?: string } = {},
): AsyncGenerator<ImportedFeature[], void, unknown> {
  const batchSize = options.batchSize ?? 1000;
  const fileName = options.fileName ?? 'the stream';
  // stream: true keeps a multi-byte character split across chunks whole
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let lineNumber = 0;
  let count = 0;
  let batch: ImportedFeature[] = [];
  const take = (line: string) => {
    lineNumber++;
    const errors: ImportIssue[] = [];
    const feature = parseNdGeojsonLine(lineNumber === 1 ? line.replace(/^\uFEFF/, '') : line, lineNumber, count, fileName, errors);
    if (errors.length > 0) throw new ImportError(errors);
    if (feature) {
      batch.push(feature);
      count++;
    }
  };
  for await (const chunk of readable) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      take(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  pending += decoder.decode();
  if (pending.trim() !== '') take(pending);
  if (batch.length > 0) yield batch;
}

/**
 * One line of newline-delimited GeoJSON: its feature, null for a blank line, or null with the
 * reason pushed to `errors` (naming the line) when it is not JSON or not a Feature. `index` is
 * the feature's 0-based position, for messages.
 */
export function parseNdGeojsonLine(raw: string, lineNumber: number, index: number, fileName: string, errors: ImportIssue[]): ImportedFeature | null {
  // an RFC 8142 record separator may open the line
  const line = (raw.charCodeAt(0) === 0x1e ? raw.slice(1) : raw).trim();
  if (line === '') return null;
  try {
    checkJsonDepth(line, fileName, { line: lineNumber });
  } catch (e) {
    errors.push(...(e as ImportError).issues);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    errors.push(errorIssue('invalid-json', `${fileName} line ${lineNumber} is not valid JSON (${(e as Error).message})`, { row: lineNumber }));
    return null;
  }
  const found = describe(json);
  if (found !== 'Feature' && !geometryTypes.has(found)) {
    errors.push(errorIssue('unrecognised-format', `${fileName} line ${lineNumber}: expected a GeoJSON Feature, got ${what(found)}`, { row: lineNumber }));
    return null;
  }
  return toFeature(json, index, fileName);
}

/**
 * Parses JSON and turns a syntax error into a message with line and column; nesting deeper than
 * MAX_JSON_DEPTH is refused before parsing (json-depth.ts).
 */
export function parseJson(text: string, fileName: string): unknown {
  checkJsonDepth(text, fileName);
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const position = /position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : text.length;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const truncated = /end of JSON input|Unterminated/i.test(message) ? ' — the file looks truncated' : '';
    throw new ImportError(
      errorIssue('invalid-json', `${fileName} is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}${truncated}`, { row: line }),
    );
  }
}

// what a parsed JSON value is, in words for messages
function describe(json: unknown): string {
  if (json === null) return 'null';
  if (Array.isArray(json)) return 'a JSON array';
  if (typeof json !== 'object') return `a JSON ${typeof json}`;
  const type = (json as { type?: unknown }).type;
  return typeof type === 'string' ? type : 'a JSON object without "type"';
}

// A describe() answer in a message: a type the file gave is quoted, whatever characters it holds.
const what = (type: string) => (/^a JSON /.test(type) ? type : `type ${JSON.stringify(type)}`);

function toFeature(value: unknown, index: number, fileName: string): ImportedFeature {
  const type = describe(value);
  if (geometryTypes.has(type)) return { type: 'Feature', geometry: value as Geometry, properties: {} };
  if (type !== 'Feature') {
    throw new ImportError(errorIssue('unrecognised-format', `${fileName} feature ${index}: expected a GeoJSON Feature, got ${what(type)}`, { feature: index }));
  }
  const f = value as ImportedFeature;
  const properties = f.properties && typeof f.properties === 'object' ? f.properties : {};
  return { ...f, properties, geometry: f.geometry ?? null } as ImportedFeature;
}

