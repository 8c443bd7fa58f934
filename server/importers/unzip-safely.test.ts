import { gzipSync, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { deflatedFill, writeGzip, writeXlsx, writeZip } from '../../test/fixtures/bad-input/make-fixtures';
import { ImportError } from './import-error';
import { readShapefileZip } from './read-shapefile';
import { readXlsx } from './read-table';
import { writeDbf, writeShp } from '../../test/helpers/shapefile-fixture';
import { caught } from '../../test/helpers/caught';
import { itWithSharedData, readSharedData } from '../../test/helpers/shared-data';
import { gunzipSafely, listZipEntries, scanZip, unzipSafely } from './unzip-safely';

const GB = 1 << 30;

// how long a call took, in ms
async function timed(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

describe('unzipSafely', () => {
  itWithSharedData('extracts the Delhi wards shapefile byte for byte as fflate does', ['formats/delhi-wards-shp.zip'], () => {
    const bytes = readSharedData('formats/delhi-wards-shp.zip');
    const expected = unzipSync(bytes, { filter: (f) => !f.name.endsWith('/') });
    const got = unzipSafely(bytes);
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const name of Object.keys(expected)) expect(Buffer.compare(got[name], expected[name]), name).toBe(0);
  });

  it('stops a shapefile whose .shp declares 1 KB but inflates to 1 GB as soon as it passes 1 KB', async () => {
    const zip = writeZip([
      { name: 'wards.shp', data: deflatedFill(GB), declaredSize: 1024 },
      { name: 'wards.dbf', data: writeDbf([{ code: 'X1' }]) },
    ]);
    let error: ImportError | undefined;
    const ms = await timed(async () => (error = await caught<ImportError>(() => readShapefileZip(zip, { fileName: 'wards.zip' }))));
    expect(error).toBeInstanceOf(ImportError);
    expect(error!.issues[0].code).toBe('limit-exceeded');
    expect(error!.message).toBe("wards.zip: 'wards.shp' inflates to more than the 1.0 KB it declares; the archive is broken or made to get past the size limits (a zip bomb), so it was not read further");
    // inflating the gigabyte takes seconds; stopping at the first push takes milliseconds
    expect(ms).toBeLessThan(500);
  });

  it('refuses an entry that inflates to less than it declares', async () => {
    const zip = writeZip([{ name: 'a.shp', data: writeShp([[[[0, 0], [0, 1], [1, 1], [0, 0]]]]), declaredSize: 500 }]);
    expect((await caught(() => unzipSafely(zip, { fileName: 'a.zip' }))).message).toMatch(/^a\.zip: 'a\.shp' inflates to \d+ bytes, not the 500 bytes it declares; the archive is broken$/);
  });

  it('lists the entries of the central directory with their declared sizes', () => {
    const zip = writeZip([{ name: 'x/a.txt', data: new TextEncoder().encode('hello') }, { name: 'b.bin', data: deflatedFill(1000), declaredSize: 7 }]);
    expect(listZipEntries(zip).map(({ name, originalSize, compression }) => ({ name, originalSize, compression }))).toEqual([
      { name: 'x/a.txt', originalSize: 5, compression: 8 },
      { name: 'b.bin', originalSize: 7, compression: 8 },
    ]);
  });

  it('says a file without an end of central directory is not a readable zip', async () => {
    const zip = writeZip([{ name: 'a.txt', data: new Uint8Array(10) }]);
    expect((await caught(() => listZipEntries(zip.subarray(0, zip.length - 10), 'cut.zip'))).message).toBe(
      'cut.zip is not a readable ZIP archive (no end of central directory record; the file is truncated or not a zip)',
    );
  });
});

describe('scanZip and readXlsx', () => {
  it('refuses an XLSX whose sheet declares 4 KB and holds 2 GB of spaces, before exceljs sees it', async () => {
    const xlsx = writeXlsx({ paddingBytes: 2 * GB - 1, declaredSize: 4096 });
    expect(xlsx.length).toBeLessThan(3 << 20);
    let error: ImportError | undefined;
    const ms = await timed(async () => (error = await caught<ImportError>(() => readXlsx(xlsx, { fileName: 'bomb.xlsx' }))));
    expect(error!.message).toMatch(/^bomb\.xlsx: 'xl\/worksheets\/sheet1\.xml' inflates to more than the 4\.0 KB it declares; /);
    expect(ms).toBeLessThan(500);
  });

  it('lets an honest workbook through to exceljs', async () => {
    const xlsx = writeXlsx({ paddingBytes: 1000 });
    expect(() => scanZip(xlsx, { fileName: 'ok.xlsx' })).not.toThrow();
    expect((await readXlsx(xlsx, { fileName: 'ok.xlsx' })).rows).toEqual([['Gaya', '24.8', '85']]);
  });

  it('stops an honest archive at maxTotalBytes from its declared sizes', async () => {
    const xlsx = writeXlsx({ paddingBytes: 64 << 20 });
    expect((await caught(() => scanZip(xlsx, { fileName: 'big.xlsx', limits: { maxTotalBytes: 32 << 20, maxRatio: 1e6 } }))).message).toBe(
      'big.xlsx would expand to 64.0 MB, more than the limit of 32.0 MB (maxTotalBytes)',
    );
  });
});

describe('gunzipSafely', () => {
  it('stops a gzip file whose trailer declares 1,000 bytes and that inflates to 1 GB at 1,000 bytes', async () => {
    const gz = writeGzip(deflatedFill(GB), 1000);
    let error: ImportError | undefined;
    const ms = await timed(async () => (error = await caught<ImportError>(() => gunzipSafely(gz, { fileName: 'x.geojson.gz' }))));
    expect(error!.message).toMatch(/^x\.geojson\.gz inflates to more than the 1000 bytes its gzip trailer declares; /);
    expect(ms).toBeLessThan(500);
  });

  it('reads a file of two members, holding the second to the limits only', () => {
    const joined = Buffer.concat([gzipSync(new TextEncoder().encode('abc')), gzipSync(new TextEncoder().encode('defgh'))]);
    expect(new TextDecoder().decode(gunzipSafely(joined))).toBe('abcdefgh');
    const bomb = Buffer.concat([gzipSync(new Uint8Array(1)), writeGzip(deflatedFill(GB), 1)]);
    expect(() => gunzipSafely(bomb, { fileName: 'two.gz' })).toThrow(/^two\.gz expands to more than \d+\.\d MB, past 100× its compressed size \(maxRatio\)/);
  });
});
