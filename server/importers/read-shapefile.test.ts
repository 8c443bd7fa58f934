import { unzipSync, zipSync } from 'fflate';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { ImportError } from './import-error';
import { readShapefileZip } from './read-shapefile';
import { utm43nPrj, writeDbf, writeShp, type ShpPolygon } from '../../test/helpers/shapefile-fixture';
import { caught } from '../../test/helpers/caught';
import { itWithSharedData, readSharedData } from '../../test/helpers/shared-data';

const utf8 = (s: string) => new TextEncoder().encode(s);

// two wards in south Delhi, clockwise as shapefiles store them
const wardsLngLat: ShpPolygon[] = [
  [[[77.1, 28.6], [77.1, 28.7], [77.2, 28.7], [77.2, 28.6], [77.1, 28.6]]],
  [[[77.2, 28.6], [77.2, 28.7], [77.3, 28.7], [77.3, 28.6], [77.2, 28.6]]],
];
const toUtm = proj4('EPSG:4326', utm43nPrj);
const wardsUtm = wardsLngLat.map((rings) => rings.map((ring) => ring.map(([x, y]) => toUtm.forward([x, y]))));
const attributes = writeDbf([{ Ward_Name: 'Mehrauli', Ward_No: '1' }, { Ward_Name: 'Saket', Ward_No: '2' }]);

describe('readShapefileZip', () => {
  itWithSharedData('reads the 290 Delhi ward polygons with Ward_Name', ['formats/delhi-wards-shp.zip'], () => {
    const { features, issues } = readShapefileZip(readSharedData('formats/delhi-wards-shp.zip'));
    expect(issues).toEqual([]);
    expect(features).toHaveLength(290);
    expect(features.every((f) => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon')).toBe(true);
    expect(features[0].properties).toEqual({ Ward_Name: 'DELHI CANTT CHARGE 1', Ward_No: 'CANT_1' });
    expect(new Set(features.map((f) => f.properties?.Ward_Name)).size).toBeGreaterThan(270);
  });

  itWithSharedData('finds the layer in a sub-folder with spaces in its names', ['formats/delhi-wards-shp.zip'], () => {
    const files = unzipSync(readSharedData('formats/delhi-wards-shp.zip'));
    const moved = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [`Delhi Wards 2017/${name.replace('Delhi_Wards', 'Delhi Wards')}`, bytes]));
    const { features } = readShapefileZip(zipSync(moved));
    expect(features).toHaveLength(290);
    expect(features[289].properties?.Ward_Name).toBeTypeOf('string');
  });

  it('reprojects a UTM 43N shapefile to WGS 84 because its .prj says how, and warns', () => {
    const zip = zipSync({ 'wards utm/wards.shp': writeShp(wardsUtm), 'wards utm/wards.dbf': attributes, 'wards utm/wards.prj': utf8(utm43nPrj) });
    const { features, issues } = readShapefileZip(zip, { fileName: 'wards-utm.zip' });
    expect(issues).toEqual([
      {
        severity: 'warning',
        code: 'reprojected',
        message: 'wards-utm.zip: wards utm/wards.shp is in the projection "WGS_1984_UTM_Zone_43N"; its coordinates were reprojected to WGS 84 longitude/latitude',
      },
    ]);
    const ring = features[1].geometry?.type === 'Polygon' ? features[1].geometry.coordinates[0] : [];
    expect(ring[0][0]).toBeCloseTo(77.2, 6);
    expect(ring[0][1]).toBeCloseTo(28.6, 6);
    expect(features.map((f) => f.properties?.Ward_Name)).toEqual(['Mehrauli', 'Saket']);
  });

  it('refuses projected coordinates whose .prj proj4 cannot read, naming the PROJCS', async () => {
    const prj = 'PROJCS["Kalianpur_1975_Mystery_Grid",GEOGCS["GCS_Kalianpur_1975"],PROJECTION["Nonexistent_Projection"],UNIT["Meter",1.0]]';
    const zip = zipSync({ 'wards.shp': writeShp(wardsUtm), 'wards.dbf': attributes, 'wards.prj': utf8(prj) });
    const error = await caught<ImportError>(() => readShapefileZip(zip, { fileName: 'wards.zip' }));
    expect(error.issues[0].code).toBe('projected-crs');
    expect(error.message).toMatch(
      /^wards\.zip: wards\.shp has coordinates \(\d+(\.\d+)?, 3\d{6}(\.\d+)?\) to \(\d+(\.\d+)?, 3\d{6}(\.\d+)?\), outside longitude\/latitude, so it is probably projected; its \.prj names the projection "Kalianpur_1975_Mystery_Grid", which could not be read\. Reproject it to WGS 84 \(EPSG:4326\) and import it again\.$/,
    );
  });

  it('refuses projected coordinates without a .prj', async () => {
    const zip = zipSync({ 'wards.shp': writeShp(wardsUtm), 'wards.dbf': attributes });
    expect((await caught(() => readShapefileZip(zip, { fileName: 'wards.zip' }))).message).toContain('so it is probably projected; it has no .prj file.');
  });

  it('reads a layer without .dbf, with a warning', () => {
    const { features, issues } = readShapefileZip(zipSync({ 'a.shp': writeShp(wardsLngLat) }), { fileName: 'a.zip' });
    expect(features.map((f) => f.properties)).toEqual([{}, {}]);
    expect(issues[0].message).toBe('a.zip: a.shp has no .dbf file, so its features have no attributes');
  });

  it('stops a zip bomb before inflating it, naming the limit', async () => {
    // 20 MB here; bad-input.test.ts has the 200 MB one
    const bomb = zipSync({ 'bomb.shp': new Uint8Array(20 * 1024 * 1024), 'bomb.dbf': attributes });
    expect(bomb.length).toBeLessThan(100 * 1024);
    const error = await caught<ImportError>(() => readShapefileZip(bomb, { fileName: 'wards.zip' }));
    expect(error.issues[0].code).toBe('limit-exceeded');
    expect(error.message).toMatch(/^wards\.zip would expand \d+× \(\d+\.\d KB to 20\.0 MB\), more than the limit of 100× \(maxRatio\); it looks like a zip bomb$/);
  });

  // only the entries read count: .shp 269,380 + .dbf 147,708 + .prj 145 + .cpg 5 bytes
  itWithSharedData('applies a smaller total-size limit when given one', ['formats/delhi-wards-shp.zip'], async () => {
    const error = await caught<ImportError>(() => readShapefileZip(readSharedData('formats/delhi-wards-shp.zip'), { fileName: 'delhi.zip', limits: { maxTotalBytes: 100_000 } }));
    expect(error.message).toBe('delhi.zip would expand to 407.5 KB, more than the limit of 97.7 KB (maxTotalBytes)');
  });
});
