import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportError } from '../importers/import-error';
import { readGeojson } from '../importers/read-geojson';
import { readCsv } from '../importers/read-table';
import { caught } from '../../test/helpers/caught';
import { itWithSharedData, readSharedData } from '../../test/helpers/shared-data';
import { featuresToSites, tableToSites } from '../importers/to-sites';
import { validateFeatures } from '../importers/validate-geometry';
import { applyFilters } from './parse-file';
import { streamSites, streamableFormat, type SiteStreamOptions } from './stream-sites';

const limits = { maxRows: 2_000_000 };

function tempFile(name: string, content: string | Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-sites-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function readAll(file: string, options: Omit<SiteStreamOptions, 'limits'> & { limits?: SiteStreamOptions['limits'] }) {
  const stream = streamSites(file, { limits, ...options });
  const sites = [];
  const batchSizes: number[] = [];
  for await (const batch of stream.batches) {
    batchSizes.push(batch.length);
    sites.push(...batch);
  }
  return { ...stream.summary(), sites, batchSizes, bytesRead: stream.bytesRead() };
}

describe('streamSites', () => {
  itWithSharedData('reads the Windows-1252 UNESCO CSV in 4 KB chunks exactly as readCsv and tableToSites read it whole', ['points/unesco-whc-sites-2019.csv'], async () => {
    const bytes = readSharedData('points/unesco-whc-sites-2019.csv');
    const file = tempFile('whc.csv', bytes);
    const whole = readCsv(bytes, { fileName: 'whc.csv' });
    const expected = tableToSites(whole, { category: 'tourism.heritage-site', nameField: 'name_en' });
    const streamed = await readAll(file, { fileName: 'whc.csv', format: 'csv', category: 'tourism.heritage-site', nameField: 'name_en', chunkBytes: 4096, batchSize: 500 });
    expect(streamed.sites).toHaveLength(1121);
    expect(streamed.sites).toEqual(expected.sites);
    expect(streamed.batchSizes).toEqual([500, 500, 121]);
    // the encoding is judged on the first 64 KB: the same warning, counting fewer UTF-8-like sequences
    expect(streamed.issues.slice(1)).toEqual([...whole.issues.slice(1), ...expected.issues]);
    expect(streamed.issues[0].message).toMatch(/^whc\.csv is not valid UTF-8 \(byte 0xE9 at offset 476\); read it as Windows-1252\./);
    expect(streamed.rowsRead).toBe(1121);
    expect(streamed.bytesRead).toBe(bytes.length);
  });

  itWithSharedData('reads newline-delimited GeoJSON as featuresToSites reads the same features whole', ['points/ne_10m_ports.geojson'], async () => {
    const { features } = readGeojson(readSharedData('points/ne_10m_ports.geojson'));
    const file = tempFile('ports.geojsonl', features.map((f) => JSON.stringify(f)).join('\n') + '\n');
    const expected = featuresToSites(validateFeatures(features).features, { category: 'transit.port', fileName: 'ports.geojsonl' });
    const streamed = await readAll(file, { fileName: 'ports.geojsonl', format: 'ndgeojson', category: 'transit.port', chunkBytes: 1000 });
    expect(streamed.sites.length).toBe(features.length);
    expect(streamed.sites).toEqual(expected.sites);
    expect(streamed.issues).toEqual([]);
  });

  it('reads UTF-16 text by its byte-order mark', async () => {
    const csv = 'name;lat;lon\r\nKōchi;9.93;76.26\r\nÉcole;14.69;-17.44\r\n';
    const file = tempFile('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]));
    const streamed = await readAll(file, { fileName: 'utf16.csv', format: 'csv', category: 'internet-cafe', chunkBytes: 7 });
    expect(streamed.sites.map((s) => [s.name, s.lat, s.lng])).toEqual([['Kōchi', 9.93, 76.26], ['École', 14.69, -17.44]]);
    expect(streamed.issues).toEqual([]);
  });

  it('reports unusable features with their line and leaves them out', async () => {
    const point = (lng: unknown, lat: unknown, name: string) => JSON.stringify({ type: 'Feature', properties: { name }, geometry: { type: 'Point', coordinates: [lng, lat] } });
    const lines = [point(85.3, 27.7, 'Kathmandu'), '', point(512000, 3100000, 'Projected'), JSON.stringify({ type: 'Feature', properties: { name: 'Nowhere' }, geometry: null }), point('x', 1, 'Text'), point(87.3, 26.5, 'Biratnagar')];
    const file = tempFile('stops.geojsonl', lines.join('\r\n'));
    const streamed = await readAll(file, { fileName: 'stops.geojsonl', format: 'ndgeojson', category: 'transit.bus-station' });
    expect(streamed.sites.map((s) => [s.name, s.lng, s.lat])).toEqual([['Kathmandu', 85.3, 27.7], ['Biratnagar', 87.3, 26.5]]);
    expect(streamed.rowsRead).toBe(5);
    expect(streamed.issues.map((i) => [i.severity, i.code, i.row, i.feature, i.field])).toEqual([
      ['error', 'out-of-range', 3, 1, 'geometry'],
      ['warning', 'empty-geometry', 4, 2, undefined],
      ['error', 'non-numeric', 5, 3, 'geometry'],
    ]);
    expect(streamed.issues[0].message).toBe('stops.geojsonl line 3: feature 1 ("Projected") has coordinates (512000, 3100000) outside longitude/latitude; skipped. If every feature does, the file is probably projected: reproject it to WGS 84 (EPSG:4326)');
    expect(streamed.issues[1].message).toBe('stops.geojsonl line 4: feature 2 ("Nowhere") has no geometry; skipped');
    expect(streamed.errorCount).toBe(2);
  });

  it('stops at a line that is not JSON, naming it', async () => {
    const good = JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } });
    const file = tempFile('broken.geojsonl', `${good}\n${good}\n{"type":"Feature",\n${good}\n`);
    const error = await caught<ImportError>(() => readAll(file, { fileName: 'broken.geojsonl', format: 'ndgeojson', category: 'transit.bus-station' }));
    expect(error.message).toMatch(/^broken\.geojsonl line 3 is not valid JSON/);
    expect(error.issues[0]).toMatchObject({ code: 'invalid-json', row: 3 });
  });

  it('reads quoted cells with line breaks and delimiters across chunks, CRLF, HXL tags and filters', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `"Stop ${i}, ""the"" ${i % 7 === 0 ? 'long\r\nname' : 'name'}",${(27 + i / 1000).toFixed(3)},${(85 + i / 1000).toFixed(3)},${i % 2 ? 'NP' : 'IN'}`);
    const csv = `name,y,x,country\r\n#loc+name,#geo+lat,#geo+lon,#country+code\r\n${rows.join('\r\n')}\r\n`;
    const file = tempFile('stops.csv', csv);
    const options = { category: 'transit.bus-station', filters: [{ field: 'country', equals: 'NP' }] };
    const streamed = await readAll(file, { fileName: 'stops.csv', format: 'csv', chunkBytes: 97, ...options });
    const whole = tableToSites(applyFilters(readCsv(csv, { fileName: 'stops.csv' }), options.filters), options);
    expect(streamed.sites).toEqual(whole.sites);
    expect(streamed.sites).toHaveLength(150);
    expect(streamed.rowsRead).toBe(150);
    expect(streamed.sites[0]).toEqual({ category: 'transit.bus-station', name: 'Stop 1, "the" name', lng: 85.001, lat: 27.001, props: { name: 'Stop 1, "the" name', country: 'NP' } });
    expect(streamed.sites.find((s) => s.name.startsWith('Stop 7,'))!.name).toBe('Stop 7, "the" long\r\nname');
    expect(streamed.issues).toEqual([]);
  });

  it('reports bad coordinates with row and column, skips a footnote block and counts issues past 20 per kind', async () => {
    const body = Array.from({ length: 30 }, (_, i) => `S${i},${i < 25 ? 'n/a' : '27.7'},85.3`);
    const csv = `name,lat,lon\n${body.join('\n')}\n\nfnSeqID,Footnote\n1,Estimated\n`;
    const file = tempFile('sites.csv', csv);
    const streamed = await readAll(file, { fileName: 'sites.csv', format: 'csv', category: 'internet-cafe' });
    expect(streamed.sites).toHaveLength(5);
    expect(streamed.issues[0]).toEqual({ severity: 'error', code: 'non-numeric', row: 2, field: 'lat', message: 'sites.csv row 2, column "lat": expected a latitude in decimal degrees, got "n/a"' });
    expect(streamed.errorCount).toBe(25);
    expect(streamed.issues.map((i) => i.code)).toEqual([...Array(20).fill('non-numeric'), 'footnote-block', 'more-issues']);
    expect(streamed.issues.at(-1)!.message).toBe("5 more errors of kind 'non-numeric' not listed");
    expect(streamed.issues[20].message).toBe('sites.csv: rows 33–34 are a second table (it starts "fnSeqID,Footnote", 2 columns where the data has 3); read as footnotes and skipped');
  });

  itWithSharedData('skips a footnote block that follows the data with no blank row, as readCsv does, and keeps ragged rows amid the data', ['child-marriage/undata-childinfo-early-marriage-urban-rural.csv'], async () => {
    // UNdata's own footnote block (its last two lines), right after the last row of data
    const undata = new TextDecoder().decode(readSharedData('child-marriage/undata-childinfo-early-marriage-urban-rural.csv')).trimEnd().split('\n');
    const footnotes = undata.slice(-2);
    expect(footnotes[0]).toBe('"fnSeqID","Footnote"');
    const body = Array.from({ length: 3000 }, (_, i) => (i === 1500 ? `S${i},27.5,85.5,extra` : i === 1501 ? `S${i},27.5` : `S${i},27.${i % 10},85.${i % 7}`));
    for (const tail of ['', '\n', '\n\n']) {
      const csv = `name,lat,lon\n${body.join('\n')}\n${footnotes.join('\n')}${tail}`;
      const file = tempFile('sites.csv', csv);
      const options = { category: 'internet-cafe', nameField: 'name' } as const;
      const whole = readCsv(new TextEncoder().encode(csv), { fileName: 'sites.csv' });
      const expected = tableToSites(whole, options);
      const streamed = await readAll(file, { fileName: 'sites.csv', format: 'csv', chunkBytes: 1024, ...options });
      expect(streamed.sites).toEqual(expected.sites);
      // row 1502 has an extra cell and row 1503 too few: data, as whole; only the last two rows are footnotes
      expect(streamed.sites).toHaveLength(2999);
      expect(streamed.sites.at(-1)!.name).toBe('S2999');
      const note = 'sites.csv: rows 3002–3003 are a second table (it starts "fnSeqID,Footnote", 2 columns where the data has 3); read as footnotes and skipped';
      expect(whole.issues.find((i) => i.code === 'footnote-block')!.message).toBe(note);
      expect(streamed.issues.map((i) => [i.code, i.row])).toEqual([['ragged-row', 1502], ['missing-value', 1503], ['footnote-block', 3002]]);
      expect(streamed.issues[2].message).toBe(note);
    }
  });

  it('refuses a table without coordinate columns, a file over the row limit and UTF-8 that turns invalid', async () => {
    const noCoordinates = tempFile('x.csv', 'name,place\nA,B\n');
    expect((await caught<ImportError>(() => readAll(noCoordinates, { fileName: 'x.csv', format: 'csv', category: 'internet-cafe' }))).message).toMatch(/^x\.csv: found no latitude\/longitude columns/);

    const many = tempFile('many.csv', `lat,lon\n${'1,2\n'.repeat(11)}`);
    const tooMany = await caught<ImportError>(() => readAll(many, { fileName: 'many.csv', format: 'csv', category: 'internet-cafe', limits: { maxRows: 10 } }));
    expect(tooMany.message).toBe('many.csv has more rows or features than the limit of 10 (IMPORT_MAX_ROWS)');

    const head = Buffer.from(`name,lat,lon\n${'Kathmandu,27.7,85.3\n'.repeat(5000)}`);
    const bad = tempFile('late.csv', Buffer.concat([head, Buffer.from('Caf\xe9,27.7,85.3\n', 'latin1')]));
    const error = await caught<ImportError>(() => readAll(bad, { fileName: 'late.csv', format: 'csv', category: 'internet-cafe' }));
    expect(error.message).toBe(`late.csv is not valid UTF-8 at byte ${head.length + 3}, though its beginning is; choose the file's encoding (such as windows-1252) and import it again`);
  });
});

describe('streamableFormat', () => {
  it('streams CSV and newline-delimited GeoJSON, and leaves other formats to the whole-file readers', async () => {
    expect(await streamableFormat(tempFile('a.csv', 'lat,lon\n1,2\n'), 'a.csv')).toBe('csv');
    expect(await streamableFormat(tempFile('a.geojsonl', '{"type":"Feature"}\n{"type":"Feature"}\n'), 'a.geojsonl')).toBe('ndgeojson');
    expect(await streamableFormat(tempFile('a.geojson', '{"type":"FeatureCollection","features":[]}'), 'a.geojson')).toBeNull();
    expect(await streamableFormat(tempFile('a.csv.gz', new Uint8Array([0x1f, 0x8b, 8, 0])), 'a.csv.gz')).toBeNull();
  });
});
