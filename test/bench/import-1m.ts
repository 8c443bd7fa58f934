/**
 * 1,000,000 seeded points imported as sites through the CLI (`npm run atlas -- import`: the command
 * of package.json's `atlas` script, run without npm in front of it), from newline-delimited
 * GeoJSON and from CSV, into the embedded database and into PostgreSQL; side by side with
 * `ogr2ogr -f PostgreSQL` of the same files. Wall time and peak RSS of each process. Each run gets
 * a fresh database: SQLite copied from, PostgreSQL created from, a template that already holds the
 * default data, so the timing is the import alone.
 *
 * Run alone: `node --import tsx test/bench/import-1m.ts` (IMPORT_BENCH_POINTS, IMPORT_BENCH_RUNS
 * and DATABASE_URL — the server to create databases on — change the defaults; IMPORT_BENCH_RUNS
 * applies to `npm run bench -- import` too).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { ROOT } from '../helpers/start-server';
import { dropTempDatabase } from '../helpers/pg';
import { writePointsFile, type PointsFormat } from '../helpers/points-file';

export interface ImportBenchOptions {
  /** @default 1,000,000 */
  points?: number;
  /** Runs of each import; the median is reported. @default 1 */
  runs?: number;
  /** The PostgreSQL server to create databases on. @default DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres */
  databaseUrl?: string;
  /** @default console.log */
  log?: (line: string) => void;
}

/** One measured process. */
export interface ProcessRun {
  ms: number;
  /**
   * CPU time of the process and of the PostgreSQL backends serving it (when the server runs on
   * this machine): on a busy machine it says more than the wall time. Null when unknown.
   */
  cpuMs: number | null;
  /** Peak resident set size; null when neither /usr/bin/time nor /proc could tell. */
  peakRssMb: number | null;
}

type Target = 'sqlite' | 'postgres' | 'ogr2ogr';
export type ImportBenchResult = Record<PointsFormat, Partial<Record<Target, ProcessRun>>> & { fileMb: Record<PointsFormat, number> };

const FORMATS: PointsFormat[] = ['ndgeojson', 'csv'];
const CLI_ARGS = ['--kind', 'sites', '--category', 'transit.bus-station', '--name', 'bench', '--json'];
// What `npm run atlas` runs, with this Node.
const ATLAS = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.atlas as string).split(' ').map((w) => (w === 'node' ? process.execPath : w));
const TIME = '/usr/bin/time';
// The performance hints of ogr2ogr's manual for PostgreSQL: COPY, and big transactions. (Its
// spatial index stays: a PostGIS layer is not ready without one. Without it the server spends
// 2.3 s instead of 7 s on 1M points, but ogr2ogr takes about as long.)
const OGR2OGR_OPTIONS = ['--config', 'PG_USE_COPY', 'YES', '-gt', '65536'];

/** Runs the benchmark and prints each measure as it comes, then the ratios. */
export async function benchImport1M(options: ImportBenchOptions = {}): Promise<ImportBenchResult> {
  const points = options.points ?? 1_000_000;
  const runs = options.runs ?? 1;
  const log = options.log ?? console.log;
  const baseUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-import-bench-'));
  const databases: string[] = [];
  const label = `${(points / 1e6).toLocaleString('en')}M`;
  try {
    const files = { ndgeojson: path.join(dir, 'points.geojsonl'), csv: path.join(dir, 'points.csv') };
    const fileMb = { ndgeojson: 0, csv: 0 };
    for (const format of FORMATS) fileMb[format] = writePointsFile(files[format], format, points, { seed: 42 }) / 1e6;
    log(`import ${label}  ${points.toLocaleString('en')} seeded points: ${path.basename(files.ndgeojson)} ${fileMb.ndgeojson.toFixed(0)} MB, ${path.basename(files.csv)} ${fileMb.csv.toFixed(0)} MB`);

    // the embedded database with its default data, copied for each run
    const sqliteTemplate = path.join(dir, 'sqlite-template');
    await cli(['datasets'], { DATA_DIR: sqliteTemplate, DATABASE_URL: '' });

    const postgres = await reachable(baseUrl);
    let pgTemplate: string | null = null;
    if (!postgres) log(`import ${label}  PostgreSQL at ${redact(baseUrl)} cannot be reached: skipping PostgreSQL and ogr2ogr`);
    else {
      pgTemplate = await createDatabase(baseUrl);
      databases.push(pgTemplate);
      await cli(['datasets'], { DATA_DIR: path.join(dir, 'pg-data'), DATABASE_URL: pgTemplate });
    }
    const ogr = postgres ? ogr2ogrMissing(baseUrl) : 'no PostgreSQL';
    if (postgres && ogr) log(`import ${label}  ogr2ogr anchor skipped: ${ogr}`);

    const measured: Record<PointsFormat, Record<Target, ProcessRun[]>> = {
      ndgeojson: { sqlite: [], postgres: [], ogr2ogr: [] },
      csv: { sqlite: [], postgres: [], ogr2ogr: [] },
    };
    // interleaved, so that a busy machine slows every target alike
    for (let run = 0; run < runs; run++) {
      for (const format of FORMATS) {
        if (postgres && !ogr) {
          const url = await createDatabase(baseUrl);
          databases.push(url);
          await sqlOn(url, 'CREATE EXTENSION postgis');
          const r = await measure(['ogr2ogr', '-f', 'PostgreSQL', pgConnection(url), files[format], ...OGR2OGR_OPTIONS, ...(format === 'csv' ? ['-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-a_srs', 'EPSG:4326'] : [])], {}, databaseName(url));
          measured[format].ogr2ogr.push(r.run);
          await dropDatabase(url, databases);
        }
        if (postgres) {
          const url = await createDatabase(baseUrl, pgTemplate!);
          databases.push(url);
          measured[format].postgres.push(await importWithCli(files[format], { DATA_DIR: path.join(dir, 'pg-data'), DATABASE_URL: url }, points));
          await dropDatabase(url, databases);
        }
        const dataDir = path.join(dir, `sqlite-${run}-${format}`);
        fs.cpSync(sqliteTemplate, dataDir, { recursive: true });
        measured[format].sqlite.push(await importWithCli(files[format], { DATA_DIR: dataDir, DATABASE_URL: '' }, points));
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }

    const result = { fileMb } as ImportBenchResult;
    const targetName: Record<Target, string> = { sqlite: 'embedded SQLite', postgres: 'PostgreSQL', ogr2ogr: 'ogr2ogr -f PostgreSQL' };
    for (const format of FORMATS) {
      result[format] = {};
      for (const target of ['ogr2ogr', 'postgres', 'sqlite'] as Target[]) {
        const list = measured[format][target];
        if (list.length === 0) continue;
        const run = median(list);
        result[format][target] = run;
        const anchor = result[format].ogr2ogr;
        const ratio = target !== 'ogr2ogr' && anchor ? `, ${(run.ms / anchor.ms).toFixed(2)}× ogr2ogr's time (goal ≤ 0.6×)` : '';
        const cpuRatio = target !== 'ogr2ogr' && anchor?.cpuMs && run.cpuMs ? ` (${(run.cpuMs / anchor.cpuMs).toFixed(2)}× its CPU)` : '';
        const cpu = run.cpuMs === null ? '' : ` (CPU ${(run.cpuMs / 1000).toFixed(1)} s${target === 'sqlite' ? '' : ' with the server'})`;
        const rss = run.peakRssMb === null ? 'peak RSS unknown' : `peak RSS ${run.peakRssMb.toFixed(0)} MB${target === 'ogr2ogr' ? '' : ' (goal ≤ 300 MB)'}`;
        log(`import ${label}  ${format.padEnd(9)} → ${targetName[target].padEnd(21)} ${(run.ms / 1000).toFixed(1).padStart(5)} s${cpu}, ${rss}${ratio}${cpuRatio}${runs > 1 ? ` [runs: ${list.map((r) => (r.ms / 1000).toFixed(1)).join(', ')} s]` : ''}`);
      }
    }
    return result;
  } finally {
    for (const url of [...databases]) await dropDatabase(url, databases).catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The CLI's import, checked: a fast failure must not pass for a fast import.
async function importWithCli(file: string, env: Record<string, string>, points: number): Promise<ProcessRun> {
  const { run, stdout } = await measure([...ATLAS, 'import', file, ...CLI_ARGS], env, env.DATABASE_URL ? databaseName(env.DATABASE_URL) : undefined);
  const out = JSON.parse(stdout) as { published: boolean; error: { message: string } | null; report: { toWrite: { sites: number } } };
  if (!out.published || out.report.toWrite.sites !== points) {
    throw new Error(`the import of ${file} wrote ${out.report?.toWrite.sites ?? 0} of ${points} sites: ${out.error?.message ?? 'no error'}`);
  }
  return run;
}

// Wall time of a process, its CPU time with that of the PostgreSQL backends of `database`, and
// its peak RSS: from /usr/bin/time -v, or else by sampling /proc.
async function measure(command: string[], env: Record<string, string>, database?: string): Promise<{ run: ProcessRun; stdout: string }> {
  const timed = fs.existsSync(TIME);
  const [file, ...args] = timed ? [TIME, '-v', ...command] : command;
  const started = performance.now();
  const child = spawn(file, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  let sampledKb = 0;
  let sampledCpuMs = 0;
  const backends = new Map<number, number>();
  const sampler = setInterval(() => {
    if (!timed) [sampledKb, sampledCpuMs] = [Math.max(sampledKb, procStatus(child.pid!).peakKb), Math.max(sampledCpuMs, cpuMsOf(child.pid!))];
    if (database) for (const pid of backendsOf(database)) backends.set(pid, Math.max(backends.get(pid) ?? 0, cpuMsOf(pid)));
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ms = performance.now() - started;
  clearInterval(sampler);
  if (code !== 0) throw new Error(`${command.slice(0, 5).join(' ')} … exited with ${code}:\n${stderr.slice(-2000)}`);
  const reported = (label: string) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(stderr)?.[1] ?? NaN);
  const kb = timed ? reported('Maximum resident set size \\(kbytes\\)') : sampledKb;
  const ownCpuMs = timed ? (reported('User time \\(seconds\\)') + reported('System time \\(seconds\\)')) * 1000 : sampledCpuMs;
  const backendCpuMs = [...backends.values()].reduce((a, b) => a + b, 0);
  const cpuMs = Number.isFinite(ownCpuMs) && ownCpuMs > 0 ? ownCpuMs + backendCpuMs : null;
  return { run: { ms, cpuMs, peakRssMb: kb > 0 ? (kb * 1024) / 1e6 : null }, stdout };
}

// VmHWM: the peak RSS the kernel has seen for the process so far
function procStatus(pid: number): { peakKb: number } {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { peakKb: m ? Number(m[1]) : 0 };
  } catch {
    return { peakKb: 0 };
  }
}

// user + system time of a process so far (fields 14 and 15 of /proc/PID/stat, in 1/100 s)
function cpuMsOf(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

// PostgreSQL backends serving `database` on this machine (their title names it), and the parallel
// workers they started (an index build may use some: "parallel worker for PID …")
function backendsOf(database: string): number[] {
  const titles = new Map<number, string>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ')) titles.set(Number(entry), title);
    } catch {
      // the process is gone
    }
  }
  const backends = [...titles].filter(([, title]) => title.includes(` ${database} `)).map(([pid]) => pid);
  const workers = [...titles].filter(([, title]) => backends.includes(Number(/parallel worker for PID (\d+)/.exec(title)?.[1]))).map(([pid]) => pid);
  return [...backends, ...workers];
}

// (the first run also builds the CLI's bundle when it is stale, before anything is measured)
async function cli(args: string[], env: Record<string, string>): Promise<void> {
  const r = spawnSync(ATLAS[0], [...ATLAS.slice(1), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`atlas ${args.join(' ')} failed: ${r.stderr}`);
}

function median(runs: ProcessRun[]): ProcessRun {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const mid = sorted[Math.floor(sorted.length / 2)];
  const rss = runs.map((r) => r.peakRssMb).filter((x): x is number => x !== null);
  const cpu = runs.map((r) => r.cpuMs).filter((x): x is number => x !== null).sort((a, b) => a - b);
  // the time of the median run, the median CPU time, the worst peak RSS of all
  return { ms: mid.ms, cpuMs: cpu.length ? cpu[Math.floor(cpu.length / 2)] : null, peakRssMb: rss.length ? Math.max(...rss) : null };
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

// why ogr2ogr cannot serve as the anchor, or null when it can
function ogr2ogrMissing(baseUrl: string): string | null {
  const version = spawnSync('ogr2ogr', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) return 'ogr2ogr is not installed (Debian: apt-get install gdal-bin)';
  const has = spawnSync('psql', [baseUrl, '-Atc', "select count(*) from pg_available_extensions where name = 'postgis'"], { encoding: 'utf8' });
  if (has.status === 0 && has.stdout.trim() === '0') return 'PostGIS is not installed on the server (Debian: apt-get install postgresql-15-postgis-3)';
  return null;
}

// A fresh database named as test/helpers/pg.ts names them (so dropTempDatabase accepts it).
async function createDatabase(baseUrl: string, template?: string): Promise<string> {
  const name = `risk_atlas_t_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  await sqlOn(baseUrl, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${databaseName(template)}` : ''}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(url: string, list: string[]): Promise<void> {
  const i = list.indexOf(url);
  if (i >= 0) list.splice(i, 1);
  await dropTempDatabase(url);
}

async function sqlOn(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function databaseName(url: string): string {
  return new URL(url).pathname.slice(1);
}

// ogr2ogr's connection string for a postgres:// URL
function pgConnection(url: string): string {
  const u = new URL(url);
  const parts = [`dbname=${u.pathname.slice(1)}`, `host=${u.hostname}`, `port=${u.port || '5432'}`, `user=${decodeURIComponent(u.username || 'postgres')}`];
  if (u.password) parts.push(`password=${decodeURIComponent(u.password)}`);
  return `PG:${parts.join(' ')}`;
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchImport1M({ points: Number(process.env.IMPORT_BENCH_POINTS ?? 1_000_000), runs: Number(process.env.IMPORT_BENCH_RUNS ?? 1) });
}
