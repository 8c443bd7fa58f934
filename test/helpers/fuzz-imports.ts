// Random and mutated files for the importers' property tests (server/imports/fuzz.test.ts, a
// few seeded runs in CI) and `npm run bench -- fuzz` (many more): GeoJSON, CSV with and without
// HXL tags, KML, XLSX, zipped shapefiles (zip-slip names, bombs, missing members), each also
// mutated byte by byte. The property: parse → plan ends in a plan or an ImportError whose message
// names the file, within a time box — never another exception, never a hang.
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { parseFile } from '../../server/imports/parse-file';
import { planImport, refusalOf, type ImportPlan, type PlanContext } from '../../server/imports/plan-import';
import { forEachPosition } from '../../server/importers/map-positions';
import { importRequestSchema, type ImportRequestInput } from '../../server/imports/import-request';
import { ImportError } from '../../server/importers/import-error';
import { sampleFile, sampleShapefileZip, sampleXlsx } from '../fixtures/sample/make-samples';
import { writeDbf, writeShp } from './shapefile-fixture';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** One generated upload: its name, its bytes (or how to make them) and the choices to plan it with. */
export interface FuzzCase {
  fileName: string;
  bytes: Uint8Array | (() => Promise<Uint8Array>);
  requests: ImportRequestInput[];
}

// Words of the parsers' and the engine's own messages (shpjs, fflate, xmldom, V8), which a refusal
// should put in words of its own.
const ENGINE_MESSAGE = /DataView|I don't know shp type|invalid distance|invalid block type|invalid length|unexpected EOF|Cannot read propert|is not a function|is not iterable|of undefined|of null|\[object Object\]|element parse error|Error: |Maximum call stack/;

/** How long parsing and planning one small generated file may take. @default 5,000 ms */
export const CASE_BUDGET_MS = 5_000;

// Observations join to these made-up areas.
const joinContext: PlanContext = {
  joinCandidates: async () => [
    { code: 'SL01', name: 'Northbrook District' },
    { code: 'SL02', name: 'West Marsh' },
    { code: 'SL03', name: 'Eastholm' },
  ],
};

const FEATURE_REQUESTS: ImportRequestInput[] = [
  { kind: 'boundaries', name: 'Fuzz boundaries' },
  { kind: 'sites', name: 'Fuzz sites', category: 'transit.bus-station' },
];
const TABLE_REQUESTS: ImportRequestInput[] = [
  { kind: 'sites', name: 'Fuzz sites', category: 'transit.bus-station' },
  { kind: 'observations', name: 'Fuzz observations', areaField: 'District code', joinTo: 'sample-set', valueField: 'value', indicator: 'Sample index' },
  { kind: 'observations', name: 'Fuzz wide', areaField: '#adm2+code', joinTo: 'sample-set', layout: 'wide', indicator: 'Sample index' },
  { kind: 'interventions', name: 'Fuzz 3W', areaField: 'District code', joinTo: 'sample-set' },
];

/**
 * Parses and plans one case with each of its requests. Resolves with what happened per request
 * ('planned' or 'refused: …'); rejects when anything other than an ImportError naming the file
 * comes out, or when a step takes longer than `budgetMs`.
 */
export async function checkCase(c: FuzzCase, budgetMs = CASE_BUDGET_MS): Promise<string[]> {
  const bytes = typeof c.bytes === 'function' ? await c.bytes() : c.bytes;
  const outcomes: string[] = [];
  const step = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${c.fileName}: ${what} took more than ${budgetMs} ms (a hang)`)), budgetMs);
    });
    try {
      return await Promise.race([fn(), timeout]);
    } finally {
      clearTimeout(timer);
      // a synchronous loop blocks the timer; its time is still counted
      const ms = performance.now() - t0;
      if (ms > budgetMs) throw new Error(`${c.fileName}: ${what} took ${ms.toFixed(0)} ms, more than ${budgetMs} ms`);
    }
  };
  const refusal = (err: unknown): string => {
    if (!(err instanceof ImportError)) {
      throw new Error(`${c.fileName} (${bytes.length} bytes): not an ImportError but ${(err as Error)?.name}: ${(err as Error)?.message ?? err}`, { cause: err });
    }
    if (!err.message || err.issues.length === 0) throw new Error(`${c.fileName}: an ImportError without a message or issues`);
    if (!err.message.includes(c.fileName)) throw new Error(`${c.fileName}: a refusal that does not name the file: ${err.message}`);
    const raw = err.message.match(ENGINE_MESSAGE);
    if (raw) throw new Error(`${c.fileName}: a refusal that passes on a parser's own message ('${raw[0]}'): ${err.message}`);
    return `refused: ${err.issues[0].code}`;
  };
  let parsed;
  try {
    parsed = await step('parsing', () => parseFile(bytes, c.fileName));
  } catch (err) {
    return [refusal(err)];
  }
  for (const input of c.requests) {
    try {
      const request = importRequestSchema.parse(input);
      const plan = await step(`planning a ${input.kind} import`, () => planImport(parsed, request, joinContext));
      // what the import service refuses to start (an error about the whole file, nothing to write)
      const refused = refusalOf(plan.report, request);
      if (refused) {
        outcomes.push(refusal(new ImportError(refused)));
        continue;
      }
      const unfit = unfitRow(plan.payload);
      if (unfit) throw new Error(`${c.fileName}: a ${input.kind} plan would write ${unfit}`);
      outcomes.push('planned');
    } catch (err) {
      outcomes.push(refusal(err));
    }
  }
  return outcomes;
}

// The first row of a plan that the database would refuse (or hold as nonsense), described.
function unfitRow(payload: ImportPlan['payload']): string | null {
  const finite = (...xs: unknown[]) => xs.every((x) => typeof x === 'number' && Number.isFinite(x));
  for (const s of payload.sites ?? []) {
    if (!finite(s.lng, s.lat) || Math.abs(s.lat) > 90.000001 || typeof s.category !== 'string') return `a site at ${JSON.stringify([s.lng, s.lat])}`;
  }
  for (const a of payload.areas?.items ?? []) {
    if (!a.code || (a.geometry.type !== 'Polygon' && a.geometry.type !== 'MultiPolygon')) return `an area ${JSON.stringify(a.code)} of ${a.geometry.type}`;
    let bad = false;
    forEachPosition(a.geometry, (p) => void (bad ||= !finite(p[0], p[1])));
    if (bad) return `area ${JSON.stringify(a.code)} with a position that is not a pair of numbers`;
  }
  for (const o of payload.observations?.items ?? []) if (!finite(o.value) || !o.areaCode) return `an observation ${JSON.stringify(o)}`;
  return null;
}

// —— byte mutations ————————————————————————————————————————————————————————————————

type Mutation = { at: number; op: 'flip' | 'delete' | 'insert' | 'truncate' | 'duplicate'; byte: number; length: number };
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('flip', 'delete', 'insert', 'truncate', 'duplicate'),
  byte: fc.integer({ min: 0, max: 255 }),
  length: fc.integer({ min: 1, max: 64 }),
});

/** Applies byte-level mutations (flip, delete, insert, truncate, duplicate a run) to a copy. */
export function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let out = Uint8Array.from(bytes);
  for (const m of mutations) {
    if (out.length === 0) break;
    const at = m.at % out.length;
    const end = Math.min(out.length, at + m.length);
    if (m.op === 'flip') out[at] ^= m.byte || 1;
    else if (m.op === 'delete') out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(end)]);
    else if (m.op === 'insert') out = Uint8Array.from([...out.subarray(0, at), ...new Uint8Array(m.length).fill(m.byte), ...out.subarray(at)]);
    else if (m.op === 'truncate') out = out.slice(0, at);
    else out = Uint8Array.from([...out.subarray(0, end), ...out.subarray(at, end), ...out.subarray(end)]);
  }
  return out;
}
const mutations = fc.array(mutationArb, { minLength: 1, maxLength: 6 });

// —— values ————————————————————————————————————————————————————————————————————————

const oddText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('', ' ', 'NaN', 'null', '1e308', '-0', '..', 'n/a', '=1+1', '"', '""', '\n', '\r\n', ',', ';', '\t', '#adm1+code', '<![CDATA[', '&amp;', '\u0000', '\ufeff', 'Sào Tomé', '🗺️'),
);
const coordinate = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -200, max: 200, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(1e308, -1e308, 0, 180, -180, 90, -90, 1e-320) },
  { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.string({ maxLength: 4 }), fc.constant([]), fc.boolean()) },
);
const position = fc.oneof({ weight: 8, arbitrary: fc.tuple(coordinate, coordinate) }, { weight: 1, arbitrary: fc.array(coordinate, { maxLength: 4 }) });
// a closed ring around a random centre, sometimes left open or degenerate
const ring = fc
  .tuple(fc.double({ min: -179, max: 179, noNaN: true }), fc.double({ min: -89, max: 89, noNaN: true }), fc.double({ min: 1e-9, max: 5, noNaN: true }), fc.integer({ min: 0, max: 8 }), fc.boolean())
  .map(([x, y, r, n, closed]) => {
    const pts = Array.from({ length: n }, (_, i) => [x + r * Math.cos((2 * Math.PI * i) / Math.max(n, 1)), y + r * Math.sin((2 * Math.PI * i) / Math.max(n, 1))]);
    return closed && pts.length ? [...pts, pts[0]] : pts;
  });
const rings = fc.oneof({ weight: 4, arbitrary: fc.array(ring, { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(fc.array(position, { maxLength: 6 }), { maxLength: 3 }) });
const geometry: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ type: fc.constant('Point'), coordinates: position }),
  fc.record({ type: fc.constant('MultiPoint'), coordinates: fc.array(position, { maxLength: 4 }) }),
  fc.record({ type: fc.constant('LineString'), coordinates: fc.array(position, { maxLength: 5 }) }),
  fc.record({ type: fc.constant('Polygon'), coordinates: rings }),
  fc.record({ type: fc.constant('MultiPolygon'), coordinates: fc.array(rings, { maxLength: 3 }) }),
  fc.record({ type: fc.constant('GeometryCollection'), geometries: fc.array(fc.record({ type: fc.constant('Point'), coordinates: position }), { maxLength: 2 }) }),
  fc.constant(null),
  fc.record({ type: oddText, coordinates: fc.jsonValue({ maxDepth: 3 }) }),
);
const properties = fc.oneof(
  { weight: 5, arbitrary: fc.record({ ADM2_PCODE: fc.oneof(fc.constantFrom('SL01', 'SL02', 'SL01'), oddText), ADM2_NAME: oddText, name: oddText }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.dictionary(oddText, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, [], 'text', 7) },
);
const feature = fc.record(
  { type: fc.oneof({ weight: 9, arbitrary: fc.constant('Feature') }, { weight: 1, arbitrary: oddText }), id: fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null)), properties, geometry },
  { requiredKeys: ['type', 'geometry'] },
);
const featureCollection = fc.record({ type: fc.constant('FeatureCollection'), features: fc.array(feature, { maxLength: 8 }) });
const geojsonValue = fc.oneof({ weight: 6, arbitrary: featureCollection }, { weight: 1, arbitrary: feature }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) });

// —— formats ———————————————————————————————————————————————————————————————————————

/** GeoJSON: random feature collections, and random JSON. */
export const geojsonCases: fc.Arbitrary<FuzzCase> = geojsonValue.map((v) => ({ fileName: 'fuzz.geojson', bytes: utf8(JSON.stringify(v)), requests: FEATURE_REQUESTS }));

/** GeoJSON: the sample districts or a random collection, mutated byte by byte. */
export const mutatedGeojsonCases: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.oneof(fc.constant(sampleFile('sample-districts.geojson')), featureCollection.map((v) => utf8(JSON.stringify(v)))), mutations)
  .map(([bytes, m]) => ({ fileName: 'fuzz.geojson', bytes: mutate(bytes, m), requests: FEATURE_REQUESTS }));

const csvColumns = fc.uniqueArray(fc.oneof({ weight: 3, arbitrary: fc.constantFrom('name', 'latitude', 'longitude', 'lat', 'lon', 'District code', 'District', 'value', '2019', '2020', 'Organisation', 'Activity', 'Status') }, { weight: 1, arbitrary: oddText }), { minLength: 0, maxLength: 6 });
const csvCell = fc.oneof({ weight: 3, arbitrary: fc.double({ min: -200, max: 200 }).map(String) }, { weight: 2, arbitrary: fc.constantFrom('SL01', 'SL02', 'Northbrook', 'bus', '') }, { weight: 2, arbitrary: oddText });

// one cell as CSV writes it: quoted when it must be, sometimes quoted badly
const csvField = (cell: string, delimiter: string, sloppy: boolean) =>
  sloppy || !/[",\n\r;\t|]/.test(cell) ? cell : `"${cell.replaceAll('"', '""')}"`;

/** CSV: random tables with or without an HXL row, any delimiter and line ending, sometimes UTF-16. */
export const csvCases: fc.Arbitrary<FuzzCase> = fc
  .record({
    columns: csvColumns,
    hxl: fc.option(fc.array(fc.constantFrom('#adm2+code', '#adm2+name', '#date+year', '#indicator+num', '#geo+lat', '#geo+lon', '#org', '', '#'), { maxLength: 6 }), { nil: undefined }),
    rows: fc.array(fc.array(csvCell, { maxLength: 7 }), { maxLength: 12 }),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    sloppy: fc.boolean(),
    encoding: fc.constantFrom('utf8', 'utf8', 'utf8', 'utf16le-bom', 'latin1'),
  })
  .map(({ columns, hxl, rows, delimiter, eol, sloppy, encoding }) => {
    const lines = [columns, ...(hxl ? [hxl] : []), ...rows].map((r) => r.map((c) => csvField(c, delimiter, sloppy)).join(delimiter));
    const text = lines.join(eol);
    const bytes = encoding === 'utf16le-bom' ? new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])) : encoding === 'latin1' ? new Uint8Array(Buffer.from(text, 'latin1')) : utf8(text);
    return { fileName: hxl ? 'fuzz.hxl.csv' : 'fuzz.csv', bytes, requests: TABLE_REQUESTS };
  });

/** CSV: the sample sites and the HXL sample observations, mutated byte by byte. */
export const mutatedCsvCases: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.constantFrom('sample-sites.csv', 'sample-observations.hxl.csv', 'sample-observations-wide.csv'), mutations)
  .map(([name, m]) => ({ fileName: name, bytes: mutate(sampleFile(name), m), requests: TABLE_REQUESTS }));

const xmlText = oddText;
const kmlCoordinates = fc.array(fc.tuple(coordinate, coordinate), { maxLength: 6 }).map((ps) => ps.map(([x, y]) => `${x},${y}`).join(' '));
const placemark = fc
  .record({ name: xmlText, escape: fc.boolean(), geometry: fc.constantFrom('Point', 'LineString', 'Polygon', 'MultiGeometry', 'None'), coordinates: kmlCoordinates, code: fc.constantFrom('SL01', 'SL02', '') })
  .map(({ name, escape, geometry, coordinates, code }) => {
    const text = escape ? name.replaceAll('&', '&amp;').replaceAll('<', '&lt;') : name;
    const coords = `<coordinates>${coordinates}</coordinates>`;
    const geom =
      geometry === 'Point' ? `<Point>${coords}</Point>`
      : geometry === 'LineString' ? `<LineString>${coords}</LineString>`
      : geometry === 'Polygon' ? `<Polygon><outerBoundaryIs><LinearRing>${coords}</LinearRing></outerBoundaryIs></Polygon>`
      : geometry === 'MultiGeometry' ? `<MultiGeometry><Point>${coords}</Point><Polygon><outerBoundaryIs><LinearRing>${coords}</LinearRing></outerBoundaryIs></Polygon></MultiGeometry>`
      : '';
    return `<Placemark><name>${text}</name><ExtendedData><Data name="ADM2_PCODE"><value>${code}</value></Data></ExtendedData>${geom}</Placemark>`;
  });

/** KML: random placemarks (names unescaped at times), and the sample districts mutated. */
export const kmlCases: fc.Arbitrary<FuzzCase> = fc.oneof(
  fc.array(placemark, { maxLength: 6 }).map((ps) => ({
    fileName: 'fuzz.kml',
    bytes: utf8(`<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>${ps.join('\n')}</Document></kml>`),
    requests: FEATURE_REQUESTS,
  })),
  mutations.map((m) => ({ fileName: 'fuzz.kml', bytes: mutate(sampleFile('sample-districts.kml'), m), requests: FEATURE_REQUESTS })),
);

/** XLSX: random sheets written by exceljs, and the sample workbook mutated. */
export const xlsxCases: fc.Arbitrary<FuzzCase> = fc.oneof(
  fc.record({ sheet: fc.oneof(fc.constantFrom('Sites', 'Sheet1'), fc.string({ minLength: 1, maxLength: 20 })), rows: fc.array(fc.array(fc.oneof(csvCell, fc.double(), fc.date({ noInvalidDate: true }), fc.boolean()), { maxLength: 6 }), { maxLength: 10 }), columns: csvColumns })
    .map(({ sheet, rows, columns }) => ({
      fileName: 'fuzz.xlsx',
      bytes: async () => {
        const workbook = new ExcelJS.Workbook();
        // exceljs refuses some sheet names itself; that is the generator's problem, not the importer's
        const ws = workbook.addWorksheet(sheet.replace(/[*?:\\/[\]']/g, '_').slice(0, 31) || 'Sheet1');
        ws.addRow(columns);
        for (const r of rows) ws.addRow(r);
        return new Uint8Array(await workbook.xlsx.writeBuffer());
      },
      requests: TABLE_REQUESTS,
    })),
  mutations.map((m) => ({ fileName: 'fuzz.xlsx', bytes: async () => mutate(await sampleXlsx(), m), requests: TABLE_REQUESTS })),
);

const memberName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('wards.shp', 'wards.dbf', 'wards.shx', 'wards.prj', 'wards.cpg', 'doc.kml') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('../../wards.shp', '../wards.dbf', '/etc/wards.shp', 'C:\\wards\\..\\..\\wards.dbf', 'dir/../../wards.shp', '__MACOSX/._wards.shp', 'a/b/c/wards.shp', 'wards.SHP', 'other.shp', 'other.dbf', 'dir/'),
  },
  { weight: 1, arbitrary: oddText.map((s) => `${s}.shp`) },
);
const memberBytes = fc.oneof(
  fc.constant(writeShp([[[[-30, -10], [-30, -9.5], [-29.5, -9.5], [-29.5, -10], [-30, -10]]]])),
  fc.constant(writeDbf([{ ADM2_PCODE: 'SL01', ADM2_NAME: 'Northbrook' }])),
  fc.uint8Array({ maxLength: 200 }),
  // a bomb member: 4 MB of zeros, deflating more than 100 to 1
  fc.constant('bomb' as const),
  // an archive in the archive
  fc.constant('nested' as const),
);

/** Zipped shapefiles: members chosen at random (missing ones, escaping names, bombs, nesting), and the sample mutated. */
export const zipCases: fc.Arbitrary<FuzzCase> = fc.oneof(
  fc.array(fc.tuple(memberName, memberBytes), { maxLength: 5 }).map((members) => ({
    fileName: 'fuzz-shp.zip',
    bytes: () => {
      const files: Record<string, Uint8Array> = {};
      for (const [name, content] of members) {
        files[name] = content === 'bomb' ? new Uint8Array(4 << 20) : content === 'nested' ? sampleShapefileZip() : content;
      }
      return Promise.resolve(zipSync(files, { level: 6 }));
    },
    requests: FEATURE_REQUESTS,
  })),
  mutations.map((m) => ({ fileName: 'fuzz-shp.zip', bytes: mutate(sampleShapefileZip(), m), requests: FEATURE_REQUESTS })),
);

/** Every importer's cases, by name. */
export const FUZZ_CASES: Record<string, fc.Arbitrary<FuzzCase>> = {
  geojson: geojsonCases,
  'geojson mutated': mutatedGeojsonCases,
  csv: csvCases,
  'csv mutated': mutatedCsvCases,
  kml: kmlCases,
  xlsx: xlsxCases,
  zip: zipCases,
};

/** The property for one importer: every case checks out (see checkCase). */
export const importProperty = (cases: fc.Arbitrary<FuzzCase>, budgetMs = CASE_BUDGET_MS) => fc.asyncProperty(cases, async (c) => void (await checkCase(c, budgetMs)));
