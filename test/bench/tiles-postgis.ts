/**
 * PostGIS side of the vector-tile benchmark: the same points and areas loaded with COPY into a
 * fresh database with GiST indexes, and the usual ST_AsMVT queries — ST_AsMVTGeom of
 * ST_Transform(geom, 3857) in ST_TileEnvelope(z, x, y) — with, for points below the aggregate
 * zoom, the same 64 × 64 grid aggregation done in SQL.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { BenchPoints } from './tiles-data';

async function copyRows(client: pg.Client, sql: string, rows: () => Generator<string>): Promise<void> {
  // Chunks of about 1 MB, so the stream is not driven one short line at a time.
  function* chunks() {
    let chunk = '';
    for (const row of rows()) {
      chunk += row;
      if (chunk.length > 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
}

// COPY text format: a backslash, tab or newline inside a value is escaped.
const copyText = (s: string) => s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);

/** `points (id, name, geom)` with a GiST index. */
export async function loadTilePoints(client: pg.Client, points: BenchPoints): Promise<void> {
  await client.query('CREATE TABLE points (id int PRIMARY KEY, name text, geom geometry(Point, 4326))');
  const { coordinates, names } = points;
  await copyRows(client, 'COPY points FROM STDIN', function* () {
    for (let i = 0; i < names.length; i++) yield `${i}\t${copyText(names[i])}\tSRID=4326;POINT(${coordinates[2 * i]} ${coordinates[2 * i + 1]})\n`;
  });
  await client.query('CREATE INDEX ON points USING gist (geom)');
  await client.query('VACUUM ANALYZE points');
}

/** `areas (id, code, name, geom)`, repaired with ST_MakeValid as an expert would store them, with a GiST index. */
export async function loadTileAreas(client: pg.Client, areas: FeatureCollection<MultiPolygon, { code: string; name: string }>): Promise<void> {
  // COPY reads geometries as WKT or WKB, so the GeoJSON goes through a staging table.
  await client.query('CREATE UNLOGGED TABLE areas_raw (id int, code text, name text, gj text)');
  await copyRows(client, 'COPY areas_raw FROM STDIN', function* () {
    for (let i = 0; i < areas.features.length; i++) {
      const f = areas.features[i];
      yield `${i}\t${copyText(f.properties.code)}\t${copyText(f.properties.name)}\t${copyText(JSON.stringify(f.geometry))}\n`;
    }
  });
  await client.query(`CREATE TABLE areas AS SELECT id, code, name,
    ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(gj), 4326)), 3))::geometry(MultiPolygon, 4326) AS geom FROM areas_raw`);
  await client.query('DROP TABLE areas_raw');
  await client.query('ALTER TABLE areas ADD PRIMARY KEY (id)');
  await client.query('CREATE INDEX ON areas USING gist (geom)');
  await client.query('VACUUM ANALYZE areas');
}

/** The tile queries; $1, $2, $3 are z, x, y. */
export const tileQueries = {
  points: `SELECT ST_AsMVT(t, 'points', 4096, 'geom') FROM (
      SELECT id, name, ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope($1, $2, $3), 4096, 0, false) AS geom
      FROM points WHERE geom && ST_Transform(ST_TileEnvelope($1, $2, $3), 4326)
    ) t`,
  // 64 × 64 cells a tile, the mean position and count of each: what the project's tiler sends below zoom 8.
  pointGrid: `WITH env AS (SELECT ST_TileEnvelope($1, $2, $3) AS e),
    p AS (SELECT ST_Transform(points.geom, 3857) AS g FROM points, env WHERE points.geom && ST_Transform(env.e, 4326)),
    cells AS (
      SELECT count(*) AS n, avg(ST_X(g)) AS x, avg(ST_Y(g)) AS y
      FROM p, env
      GROUP BY floor((ST_X(g) - ST_XMin(e)) * 64 / (ST_XMax(e) - ST_XMin(e))), floor((ST_YMax(e) - ST_Y(g)) * 64 / (ST_YMax(e) - ST_YMin(e)))
    )
    SELECT ST_AsMVT(t, 'points', 4096, 'geom') FROM (
      SELECT n AS count, ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(x, y), 3857), (SELECT e FROM env), 4096, 0, false) AS geom FROM cells
    ) t`,
  areas: `SELECT ST_AsMVT(t, 'areas', 4096, 'geom') FROM (
      SELECT code, name, ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope($1, $2, $3), 4096, 64, true) AS geom
      FROM areas WHERE geom && ST_Transform(ST_TileEnvelope($1, $2, $3), 4326)
    ) t`,
};

/** One tile by ST_AsMVT: its bytes and the query's time (ms). */
export async function postgisTile(client: pg.Client, sql: string, z: number, x: number, y: number): Promise<{ bytes: number; ms: number }> {
  const t0 = performance.now();
  const { rows } = await client.query<{ st_asmvt: Buffer | null }>(sql, [z, x, y]);
  return { bytes: rows[0]?.st_asmvt?.length ?? 0, ms: performance.now() - t0 };
}
