// Property-based tests of the importers (test/helpers/fuzz-imports.ts): random and mutated files
// of every format end in a plan or an ImportError naming the file, within a time box. A few seeded
// runs here; `npm run bench -- fuzz` runs many more with a new seed and prints it.
import fc from 'fast-check';
import { zipSync } from 'fflate';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUZZ_CASES, checkCase, importProperty } from '../../test/helpers/fuzz-imports';
import { ROOT } from '../../test/helpers/start-server';
import { writeDbf, writeShp } from '../../test/helpers/shapefile-fixture';
import { sampleShapefileZip } from '../../test/fixtures/sample/make-samples';
import { caught } from '../../test/helpers/caught';
import { ImportError } from '../importers/import-error';
import { readFeatures } from '../importers/read-features';
import { parseFile } from './parse-file';
import { planImport } from './plan-import';
import { importRequestSchema } from './import-request';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

describe('importers under random input', () => {
  for (const [name, cases] of Object.entries(FUZZ_CASES)) {
    it(`${name}: a plan or a clear refusal, never a crash or a hang`, async () => {
      await fc.assert(importProperty(cases), { seed: SEED, numRuns: RUNS, endOnFailure: true });
    });
  }
});

// What the runs above found, kept so that it stays fixed (test/fixtures/fuzz/README.md).
describe('fuzz findings', () => {
  const dir = path.join(ROOT, 'test/fixtures/fuzz');
  const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(dir, name)));
  const square = [[[-30, -10], [-30, -9.5], [-29.5, -9.5], [-29.5, -10], [-30, -10]]];
  const errors = async (bytes: Uint8Array, fileName: string) => (await readFeatures(bytes, fileName)).issues.filter((i) => i.severity === 'error').map((i) => i.message);

  it('every kept finding plans or is refused clearly', async () => {
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.geojson'))) {
      await checkCase({ fileName: name, bytes: fixture(name), requests: [{ kind: 'boundaries', name: 'Fuzz finding' }, { kind: 'sites', name: 'Fuzz finding', category: 'transit.bus-station' }] });
    }
  });

  it('a GeometryCollection without geometries is an error naming the feature, not a TypeError', async () => {
    expect(await errors(fixture('geometry-collection-without-geometries.geojson'), 'gc.geojson')).toEqual(['gc.geojson: feature 0 ("West Marsh") has a GeometryCollection without a "geometries" list']);
  });

  it('a Polygon without coordinates, or nested a level too shallow, is an error naming the feature', async () => {
    expect(await errors(fixture('polygon-without-coordinates.geojson'), 'p.geojson')).toEqual([
      'p.geojson: feature 0 ("Northbrook") has a Polygon whose "coordinates" are not a list of lists of positions',
      'p.geojson: feature 1 ("West Marsh") has a Polygon whose "coordinates" are not a list of lists of positions',
    ]);
  });

  it('a position of one number leaves its feature out of a sites import, instead of a site at NaN', async () => {
    const parsed = await parseFile(fixture('position-of-one-number.geojson'), 'stops.geojson');
    const plan = await planImport(parsed, importRequestSchema.parse({ kind: 'sites', name: 'Sample stops', category: 'transit.bus-station' }), { joinCandidates: async () => [] });
    expect(plan.payload.sites?.map((s) => [s.name, s.lng, s.lat])).toEqual([['Sample stop B', -29.8, -9.8]]);
    expect(plan.report.issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual(['stops.geojson: feature 0 ("Sample stop A") has a coordinate that is not a pair of numbers: [8.9e-172]']);
  });

  it("a damaged or truncated .shp is refused in words, not with shpjs's 'Offset is outside the bounds of the DataView' nor read in part", async () => {
    const shp = writeShp([square]);
    const dbf = writeDbf([{ ADM2_PCODE: 'SL01' }]);
    const truncated = await caught<ImportError>(() => readFeatures(zipSync({ 'wards.shp': shp.subarray(0, shp.length - 20), 'wards.dbf': dbf }), 'wards.zip'));
    expect(truncated.message).toBe('wards.zip: wards.shp is damaged or not a shapefile (its header declares 236 bytes but the file has 216; it looks truncated); export it again from the GIS program');
    // shpjs read a truncated file's whole records and dropped the rest without a word
    const two = writeShp([square, square]);
    const oneLost = await caught<ImportError>(() => readFeatures(zipSync({ 'wards.shp': two, 'wards.dbf': dbf }), 'wards.zip'));
    expect(oneLost.message).toBe('wards.zip: wards.shp holds 2 shapes but wards.dbf holds 1 record; one of them is damaged or they are of different layers; export it again from the GIS program');
    const badType = shp.slice();
    new DataView(badType.buffer).setInt32(32, 77, true);
    expect((await caught(() => readFeatures(zipSync({ 'wards.shp': badType, 'wards.dbf': dbf }), 'wards.zip'))).message).toBe(
      'wards.zip: wards.shp is damaged or not a shapefile (its header names shape type 77, which is not a shapefile shape type); export it again from the GIS program',
    );
    expect((await caught(() => readFeatures(zipSync({ 'wards.shp': new Uint8Array(40), 'wards.dbf': dbf }), 'wards.zip'))).message).toMatch(/shorter than the 100-byte header of a shapefile/);
  });

  it("a damaged deflate stream is refused in words, not with fflate's 'invalid distance'", async () => {
    const zip = sampleShapefileZip();
    // the first entry's data begins 30 bytes plus its name and extra field after its local header
    const view = new DataView(zip.buffer, zip.byteOffset);
    const dataAt = 30 + view.getUint16(26, true) + view.getUint16(28, true);
    const damaged = zip.slice();
    for (let i = dataAt; i < dataAt + 12; i++) damaged[i] = 0xff;
    const error = await caught<ImportError>(() => readFeatures(damaged, 'districts.zip'));
    expect(error).toBeInstanceOf(ImportError);
    expect(error.message).not.toMatch(/invalid|distance|block type/);
    expect(error.message).toMatch(/^districts\.zip: '.+' in the ZIP archive is damaged \(its compressed data does not inflate\)|^districts\.zip: .* is damaged or not a shapefile/);
  });
});
