/**
 * The countries of the default boundaries as a PolygonIndex, which gives each imported site its
 * country. Building it means parsing and indexing 241 geometries (0.3 s); a CLI import pays that
 * on every run, being a new process each time. So the index is kept in a cache folder (DATA_DIR/
 * cache), for the version of the countries it was built from and for the index code that built it,
 * and read back in milliseconds.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { Kysely } from 'kysely';
import type { MultiPolygon, Polygon } from 'geojson';
import { COUNTRIES_SET_ID } from '../../data/sources';
import { PolygonIndex, type PolygonIndexData } from '../domain/polygon-index';
import type { Database } from './schema';

export interface CountryIndex {
  index: PolygonIndex;
  /** The country code of each geometry of the index. */
  codes: string[];
}

interface Cached {
  key: string;
  codes: string[];
  data: PolygonIndexData;
}

const PREFIX = 'country-index-';

/**
 * Loads the index of the countries from `cacheDir` when it holds one for the current countries,
 * else builds it from the areas and stores it there (null: never cached).
 *
 * @example
 * const { index, codes } = await loadCountryIndex(db, path.join(dataDir, 'cache'));
 * codes[index.locate(85.3131, 27.7352)]; // 'NPL'
 */
export async function loadCountryIndex(db: Kysely<Database>, cacheDir: string | null): Promise<CountryIndex> {
  const version = await db
    .selectFrom('boundary_sets')
    .innerJoin('datasets', 'datasets.id', 'boundary_sets.dataset_id')
    .select(['datasets.id', 'datasets.imported_at', 'datasets.feature_count'])
    .where('boundary_sets.id', '=', COUNTRIES_SET_ID)
    .executeTakeFirst();
  const key = version && cacheDir ? `${COUNTRIES_SET_ID}|${version.id}|${version.imported_at}|${version.feature_count}|${indexCodeFingerprint()}` : null;
  const file = key ? path.join(cacheDir!, `${PREFIX}${crypto.createHash('sha256').update(key).digest('hex').slice(0, 16)}.v8`) : null;
  if (file) {
    const cached = readCache(file, key!);
    if (cached) return cached;
  }
  const rows = await db.selectFrom('areas').select(['code', 'geometry']).where('boundary_set_id', '=', COUNTRIES_SET_ID).orderBy('code').execute();
  const built = { index: new PolygonIndex(rows.map((r) => JSON.parse(r.geometry) as Polygon | MultiPolygon)), codes: rows.map((r) => r.code) };
  if (file) writeCache(file, { key: key!, codes: built.codes, data: built.index.data });
  return built;
}

function readCache(file: string, key: string): CountryIndex | null {
  try {
    const cached = v8.deserialize(fs.readFileSync(file)) as Cached;
    if (cached.key !== key) return null;
    return { index: PolygonIndex.fromData(cached.data), codes: cached.codes };
  } catch {
    // missing, or written by another version of Node: built again
    return null;
  }
}

// Written under a name of its own and renamed, so that a reader never sees half a file; older
// indexes go.
function writeCache(file: string, cached: Cached): void {
  try {
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, v8.serialize(cached));
    fs.renameSync(tmp, file);
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(PREFIX) && name !== path.basename(file)) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch (err) {
    // a cache that cannot be written costs time, not correctness
    console.error(`country index: cannot write the cache ${file}: ${(err as Error).message}`);
  }
}

let fingerprint: string | null = null;

// What the index code makes of a small polygon with a hole: a change to how indexes are built or
// laid out changes it, and with it the key, so that no index built by other code is read back.
function indexCodeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const shell = [[0, 0], [3, 0.5], [2.5, 2.75], [1.25, 1.5], [0.5, 3], [0, 0]];
  const hole = [[1, 0.5], [1.5, 0.75], [1.25, 1], [1, 0.5]];
  const { data } = new PolygonIndex([{ type: 'Polygon', coordinates: [shell, hole] }, { type: 'MultiPolygon', coordinates: [[[[2, 2], [4, 2], [4, 4], [2, 4], [2, 2]]]] }]);
  fingerprint = crypto.createHash('sha256').update(v8.serialize(data)).digest('hex').slice(0, 16);
  return fingerprint;
}
