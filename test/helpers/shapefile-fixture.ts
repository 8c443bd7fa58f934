// Test helper: writes tiny ESRI shapefiles by hand (ESRI Shapefile Technical Description, 1998)
// so tests can build projected, foldered or broken archives without binary fixtures.

/** A polygon as rings of [x, y]; shapefile order is exterior clockwise. */
export type ShpPolygon = number[][][];

/** The .shp bytes of polygon records (shape type 5). */
export function writeShp(polygons: ShpPolygon[]): Uint8Array {
  const contentBytes = polygons.map((rings) => 44 + 4 * rings.length + 16 * rings.reduce((n, r) => n + r.length, 0));
  const total = 100 + contentBytes.reduce((n, c) => n + 8 + c, 0);
  const view = new DataView(new ArrayBuffer(total));
  const all = polygons.flat(2);
  const bbox = [Math.min(...all.map((p) => p[0])), Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[0])), Math.max(...all.map((p) => p[1]))];
  view.setInt32(0, 9994, false);
  view.setInt32(24, total / 2, false);
  view.setInt32(28, 1000, true);
  view.setInt32(32, 5, true);
  bbox.forEach((v, i) => view.setFloat64(36 + 8 * i, v, true));
  let at = 100;
  polygons.forEach((rings, i) => {
    view.setInt32(at, i + 1, false);
    view.setInt32(at + 4, contentBytes[i] / 2, false);
    at += 8;
    const points = rings.flat();
    view.setInt32(at, 5, true);
    [Math.min(...points.map((p) => p[0])), Math.min(...points.map((p) => p[1])), Math.max(...points.map((p) => p[0])), Math.max(...points.map((p) => p[1]))].forEach((v, k) =>
      view.setFloat64(at + 4 + 8 * k, v, true),
    );
    view.setInt32(at + 36, rings.length, true);
    view.setInt32(at + 40, points.length, true);
    at += 44;
    let start = 0;
    for (const ring of rings) {
      view.setInt32(at, start, true);
      at += 4;
      start += ring.length;
    }
    for (const [x, y] of points) {
      view.setFloat64(at, x, true);
      view.setFloat64(at + 8, y, true);
      at += 16;
    }
  });
  return new Uint8Array(view.buffer);
}

/** The .dbf bytes (dBase III) of text fields; every record has every field. */
export function writeDbf(records: Record<string, string>[]): Uint8Array {
  const fields = Object.keys(records[0] ?? {});
  const encoder = new TextEncoder();
  const widths = fields.map((f) => Math.max(1, ...records.map((r) => encoder.encode(r[f]).length)));
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + widths.reduce((a, b) => a + b, 0);
  const bytes = new Uint8Array(headerLength + recordLength * records.length + 1);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x03;
  bytes.set([124, 1, 1], 1);
  view.setInt32(4, records.length, true);
  view.setInt16(8, headerLength, true);
  view.setInt16(10, recordLength, true);
  fields.forEach((f, i) => {
    bytes.set(encoder.encode(f.slice(0, 10)), 32 + 32 * i);
    bytes[32 + 32 * i + 11] = 'C'.charCodeAt(0);
    bytes[32 + 32 * i + 16] = widths[i];
  });
  bytes[headerLength - 1] = 0x0d;
  let at = headerLength;
  for (const r of records) {
    bytes[at++] = 0x20;
    fields.forEach((f, i) => {
      const value = encoder.encode(r[f]);
      bytes.fill(0x20, at, at + widths[i]);
      bytes.set(value, at);
      at += widths[i];
    });
  }
  bytes[at] = 0x1a;
  return bytes;
}

/** ESRI WKT of WGS 84 / UTM zone 43N (EPSG:32643), as ArcGIS writes it into a .prj. */
export const utm43nPrj =
  'PROJCS["WGS_1984_UTM_Zone_43N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",75.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
