/**
 * PostGIS side of the spatial-join benchmark and differential test: a fresh database with the
 * postgis extension, polygons and points loaded with COPY, and the queries that count points per
 * polygon — the expert one (ST_Subdivide pieces, GiST, CROSS JOIN LATERAL count) and the plain
 * JOIN … GROUP BY.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MultiPolygon, Polygon } from 'geojson';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createTempDatabase, dropTempDatabase } from '../helpers/pg';

export const installHint =
  'PostGIS is needed: on Debian/Ubuntu `sudo apt-get install postgresql-15-postgis-3` (match the server major version), ' +
  'then point DATABASE_URL at that server. Set RISK_ATLAS_SKIP_POSTGIS=1 to skip instead.';

export interface PostgisDb {
  client: pg.Client;
  url: string;
  close(): Promise<void>;
}

/**
 * A fresh database on the server of `baseUrl` with `CREATE EXTENSION postgis`, or an error whose
 * message says how to install PostGIS. `close()` drops the database.
 */
export async function openPostgis(baseUrl: string): Promise<PostgisDb> {
  let url: string;
  try {
    url = await createTempDatabase(baseUrl);
  } catch (e) {
    throw new Error(`Could not create a scratch database on ${redact(baseUrl)} (${(e as Error).message}). ${installHint}`);
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('CREATE EXTENSION postgis');
  } catch (e) {
    await client.end().catch(() => {});
    await dropTempDatabase(url);
    throw new Error(`CREATE EXTENSION postgis failed (${(e as Error).message}). ${installHint}`);
  }
  return {
    client,
    url,
    async close() {
      await client.end();
      await dropTempDatabase(url);
    },
  };
}

// The URL without its password, for messages.
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparsable DATABASE_URL)';
  }
}

async function copyRows(client: pg.Client, sql: string, rows: Iterable<string>): Promise<void> {
  const stream = client.query(copyFrom(sql));
  await pipeline(Readable.from(batches(rows)), stream);
}

// Group rows into chunks of about 1 MB, so the stream is not driven one short line at a time.
function* batches(rows: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += row;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * The repaired polygon as PostGIS compares with: ST_MakeValid (its polygons only — the lines and
 * points of collapsed parts contain no point's interior, and a GeometryCollection would take
 * ST_Contains off its fast path), wrapped back into [−180, 180] with ST_WrapX, as the polygons
 * come unwrapped across ±180 (as PolygonIndex takes them) and the points lie in [−180, 180).
 */
export const repairedGeometry = (raw: string) => `ST_WrapX(ST_CollectionExtract(ST_MakeValid(${raw}), 3), 180, -360)`;

/**
 * Loads the polygons into `<table>` (poly_id, geom: repairedGeometry, GiST), and into
 * `<table>_pieces`: ST_Subdivide(geom, 255) with a GiST index; `<table>_raw` keeps the input.
 */
export async function loadPolygons(client: pg.Client, geometries: (Polygon | MultiPolygon)[], table = 'polys'): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${table}_raw, ${table}, ${table}_pieces`);
  await client.query(`CREATE UNLOGGED TABLE ${table}_raw (poly_id int, gj text)`);
  await copyRows(client, `COPY ${table}_raw FROM STDIN`, (function* () {
    for (let i = 0; i < geometries.length; i++) yield `${i}\t${JSON.stringify(geometries[i])}\n`;
  })());
  await client.query(`ALTER TABLE ${table}_raw ADD COLUMN geom geometry`);
  await client.query(`UPDATE ${table}_raw SET geom = ST_SetSRID(ST_GeomFromGeoJSON(gj), 4326), gj = NULL`);
  await client.query(`CREATE TABLE ${table} AS SELECT poly_id, ${repairedGeometry('geom')} AS geom FROM ${table}_raw`);
  await client.query(`CREATE INDEX ON ${table} USING gist (geom)`);
  await client.query(`CREATE TABLE ${table}_pieces AS SELECT poly_id, ST_Subdivide(geom, 255) AS geom FROM ${table}`);
  await client.query(`CREATE INDEX ON ${table}_pieces USING gist (geom)`);
  await client.query(`VACUUM ANALYZE ${table}`);
  await client.query(`VACUUM ANALYZE ${table}_pieces`);
}

/** Loads lng,lat pairs into `pts (id, geom)` with COPY and a GiST index. */
export async function loadPoints(client: pg.Client, coords: Float64Array, table = 'pts'): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${table}_raw, ${table}`);
  await client.query(`CREATE UNLOGGED TABLE ${table}_raw (id int, lng float8, lat float8)`);
  await copyRows(client, `COPY ${table}_raw FROM STDIN`, (function* () {
    // String(number) is the shortest text that reads back as the same double in PostgreSQL.
    for (let i = 0; i < coords.length >> 1; i++) yield `${i}\t${coords[2 * i]}\t${coords[2 * i + 1]}\n`;
  })());
  await client.query(`CREATE TABLE ${table} AS SELECT id, ST_SetSRID(ST_MakePoint(lng, lat), 4326) AS geom FROM ${table}_raw`);
  await client.query(`DROP TABLE ${table}_raw`);
  await client.query(`CREATE INDEX ON ${table} USING gist (geom)`);
  await client.query(`VACUUM ANALYZE ${table}`);
}

export type PostgisMethod = 'expert' | 'plain';

export const postgisQueries: Record<PostgisMethod, (polys: string, pts: string) => string> = {
  // ST_Subdivide pieces, GiST, a count per piece through CROSS JOIN LATERAL, summed per polygon.
  expert: (polys, pts) => `SELECT poly_id, sum(n)::int AS n FROM (
      SELECT piece.poly_id, c.n FROM ${polys}_pieces piece
      CROSS JOIN LATERAL (SELECT count(*) AS n FROM ${pts} WHERE ST_Contains(piece.geom, ${pts}.geom)) c
    ) per_piece GROUP BY poly_id`,
  plain: (polys, pts) => `SELECT p.poly_id, count(*)::int AS n FROM ${polys} p JOIN ${pts} ON ST_Contains(p.geom, ${pts}.geom) GROUP BY p.poly_id`,
};

/** Per-polygon counts by one of the queries, and its time (ms). */
export async function postgisCounts(client: pg.Client, method: PostgisMethod, polygonCount: number, polys = 'polys', pts = 'pts'): Promise<{ counts: Int32Array; ms: number }> {
  const t0 = performance.now();
  const { rows } = await client.query<{ poly_id: number; n: number }>(postgisQueries[method](polys, pts));
  const ms = performance.now() - t0;
  const counts = new Int32Array(polygonCount);
  for (const r of rows) counts[r.poly_id] = r.n;
  return { counts, ms };
}

/**
 * Every (polygon, point) pair with ST_Contains(polygon, point) — a lateral query per polygon, so
 * PostGIS prepares each polygon once.
 */
export async function postgisPairs(client: pg.Client, polys = 'polys', pts = 'pts'): Promise<{ poly: Int32Array; point: Int32Array }> {
  const { rows } = await client.query<{ poly_id: number; id: number }>(
    `SELECT p.poly_id, q.id FROM ${polys} p CROSS JOIN LATERAL (SELECT id FROM ${pts} WHERE ST_Contains(p.geom, ${pts}.geom)) q`,
  );
  return { poly: Int32Array.from(rows, (r) => r.poly_id), point: Int32Array.from(rows, (r) => r.id) };
}

export interface InvalidPolygon {
  polyId: number;
  reason: string;
  /** Where ST_IsValidDetail places the fault, and the polygon's bounding box (as loaded, unwrapped). */
  x: number;
  y: number;
  bbox: [number, number, number, number];
}

/** The input polygons (of loadPolygons) that ST_IsValid rejects, with the place of the fault. */
export async function invalidPolygons(client: pg.Client, table = 'polys'): Promise<InvalidPolygon[]> {
  const { rows } = await client.query(`SELECT poly_id, reason(d) AS reason, ST_X(location(d)) AS x, ST_Y(location(d)) AS y,
      ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, ST_XMax(geom) AS x1, ST_YMax(geom) AS y1
    FROM (SELECT poly_id, geom, ST_IsValidDetail(geom) AS d FROM ${table}_raw) s WHERE NOT valid(d) ORDER BY poly_id`);
  return rows.map((r) => ({ polyId: r.poly_id, reason: r.reason, x: r.x, y: r.y, bbox: [r.x0, r.y0, r.x1, r.y1] }));
}
