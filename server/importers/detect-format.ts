import iconv from 'iconv-lite';
import { guessUtf16WithoutBom } from './decode-text';
import { ImportError, errorIssue } from './import-error';
import { gunzipSafely, listZipEntries, type ZipLimits } from './unzip-safely';

export type ImportFormat = 'geojson' | 'ndgeojson' | 'topojson' | 'csv' | 'xlsx' | 'shapefile-zip' | 'kml' | 'osm-pbf';

export interface DetectedFormat {
  format: ImportFormat;
  /** The bytes to parse: the input itself, or its content when the input was gzipped. */
  bytes: Uint8Array;
  /** True when the input was gzip-compressed and `bytes` is the inflated content. */
  gzipped: boolean;
}

// what a user expects from a file name, used to say "PNG image, not GeoJSON"
const extensionNames: Record<string, string> = {
  geojson: 'GeoJSON',
  json: 'JSON',
  geojsonl: 'newline-delimited GeoJSON',
  ndjson: 'newline-delimited GeoJSON',
  topojson: 'TopoJSON',
  csv: 'CSV',
  tsv: 'CSV',
  txt: 'CSV',
  xlsx: 'an XLSX workbook',
  zip: 'a zipped shapefile',
  kml: 'KML',
  pbf: 'an OSM PBF extract',
};

// magic numbers of files people upload by mistake
const signatures: { magic: number[]; what: string }[] = [
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { magic: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Office document (XLS/DOC); save it as XLSX or CSV' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive' },
  { magic: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive' },
  { magic: [0x53, 0x51, 0x4c, 0x69], what: 'an SQLite database (GeoPackage?)' },
];

/**
 * Tells which importer a file needs from its name and first bytes. The bytes win over the name:
 * a TopoJSON saved as .json is TopoJSON. Gzipped input is inflated (within `limits`) and detected
 * again. Text is read in `encoding` when it is given (UTF-16 without a BOM in a script whose
 * letters have no zero byte cannot be told from binary data otherwise).
 *
 * @example
 * const { format, bytes } = detectFormat('wards.zip', upload); // format === 'shapefile-zip'
 */
export function detectFormat(fileName: string, bytes: Uint8Array, limits?: ZipLimits, encoding?: string): DetectedFormat {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const inner = gunzipSafely(bytes, { fileName, limits });
    const innerName = fileName.replace(/\.gz$/i, '');
    return { ...detectFormat(innerName, inner, limits, encoding), gzipped: true };
  }
  return { format: detectUncompressed(fileName, bytes, encoding), bytes, gzipped: false };
}

function detectUncompressed(fileName: string, bytes: Uint8Array, encoding?: string): ImportFormat {
  const expected = expectedFrom(fileName);
  const fail: (what: string) => never = (what) => {
    throw new ImportError(
      errorIssue('unrecognised-format', `${fileName} is ${what}${expected ? `, not ${expected}` : ''}; could not import it`),
    );
  };
  if (bytes.length === 0) fail('empty (0 bytes)');
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const names = listZipEntries(bytes, fileName).map((e) => e.name);
    if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
    if (names.some((n) => /\.shp$/i.test(n) && !n.includes('__MACOSX'))) return 'shapefile-zip';
    fail(`a ZIP archive without a .shp file or an xl/ folder (it holds ${names.slice(0, 5).join(', ') || 'nothing'})`);
  }
  for (const { magic, what } of signatures) if (startsWith(bytes, magic)) fail(what);
  if (isOsmPbf(bytes)) return 'osm-pbf';

  const head = textHead(bytes, encoding);
  if (head === null) return fail('binary data');
  const trimmed = head.replace(/^[\s\u001e]+/, '');
  if (trimmed.startsWith('<')) {
    if (/<kml[\s>]/i.test(trimmed)) return 'kml';
    if (/^<(!doctype html|html)/i.test(trimmed)) fail('an HTML page');
    fail('an XML document without a <kml> element');
  }
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    if (/"type"\s*:\s*"Topology"/.test(trimmed)) return 'topojson';
    if (/^\.(geojsonl|geojsons|ndjson|jsonl|ndgeojson)$/i.test(extensionOf(fileName)) || head.startsWith('\u001e')) return 'ndgeojson';
    // one complete JSON object per line: the first line parses on its own and the next starts an object
    const lines = trimmed.split('\n', 3);
    if (lines.length > 1 && lines[1].trim().startsWith('{') && parses(lines[0])) return 'ndgeojson';
    return 'geojson';
  }
  return 'csv';
}

/** The format a user expects from the extension, as a phrase; null when the name says nothing. */
function expectedFrom(fileName: string): string | null {
  const ext = extensionOf(fileName).slice(1).toLowerCase();
  if (fileName.toLowerCase().endsWith('.osm.pbf')) return extensionNames.pbf;
  return extensionNames[ext] ?? null;
}

function extensionOf(fileName: string): string {
  const m = /\.[^./\\]+$/.exec(fileName);
  return m ? m[0] : '';
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

// an OSM PBF starts with a 4-byte big-endian header length, then a BlobHeader of type "OSMHeader"
function isOsmPbf(bytes: Uint8Array): boolean {
  if (bytes.length < 16) return false;
  const headerLength = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  if (headerLength === 0 || headerLength > 64 * 1024) return false;
  const header = new TextDecoder('latin1').decode(bytes.subarray(4, 4 + Math.min(headerLength, 64)));
  return header.includes('OSMHeader');
}

// first 64 KB as text, or null when it looks binary (control characters other than whitespace)
function textHead(bytes: Uint8Array, encoding?: string): string | null {
  let slice = bytes.subarray(0, 64 * 1024);
  let text: string;
  if (encoding && iconv.encodingExists(encoding)) {
    // an unknown name is refused by the reader (decodeText), with the names it knows
    text = iconv.decode(Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength), encoding);
  } else {
    let utf16: 'utf-16le' | 'utf-16be' | null = null;
    if (slice[0] === 0xff && slice[1] === 0xfe) utf16 = 'utf-16le';
    else if (slice[0] === 0xfe && slice[1] === 0xff) utf16 = 'utf-16be';
    if (utf16) return new TextDecoder(utf16).decode(slice.subarray(2));
    utf16 = guessUtf16WithoutBom(slice);
    if (utf16) text = new TextDecoder(utf16).decode(slice);
    else {
      if (slice[0] === 0xef && slice[1] === 0xbb && slice[2] === 0xbf) slice = slice.subarray(3);
      text = new TextDecoder('utf-8').decode(slice);
    }
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x1e && c !== 0x0c) control++;
  }
  return control > text.length * 0.01 ? null : text.replace(/^\uFEFF/, '');
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
