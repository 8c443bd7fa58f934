// `npm run bench [name…]`: the benchmarks named (every one when none is), each printed side by side
// with its anchor as it runs, then one table: measured, anchor, ratio, goal, pass/fail. With no
// name the long ones are bounded (3 crash trials, a 10-s load run, 100 fuzz runs per format);
// named alone they run in full (`npm run bench -- crash`: 20 trials, 5 on PostgreSQL).
import os from 'node:os';
import { benchStartup } from './startup';
import { benchBundleSize } from './bundle-size';
import { benchFirstPaint } from './first-paint';
import { benchSpatialJoin } from './spatial-join';
import { benchTiles, formatTiles } from './tiles';
import { benchImport1M } from './import-1m';
import { benchBorderlandZones } from './borderland-zones';
import { benchFactors } from './factors';
import { benchRisk } from './risk';
import { benchRiskBrowser } from './risk-browser';
import { benchBadInputMemory, RSS_GOAL_MB } from './bad-input-memory';
import { haveSharedData } from '../helpers/shared-data';
import { ADMIN1_FILE } from './spatial-join-data';
import { benchCrash } from './crash';
import { benchResponsiveness, type ResponsivenessRun } from './responsiveness';
import { benchLoad } from './load';
import { benchFuzz } from './fuzz';
import { addRow, formatTable, ms } from './table';

const only = process.argv.slice(2);
const all = only.length === 0;
const want = (name: string) => all || only.includes(name);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const mb = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n.toFixed(0)} MB`);
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

if (want('startup')) {
  const r = await benchStartup();
  console.log(`startup   cold first start (migrations + default data): ${r.coldMs.toFixed(0)} ms`);
  console.log(`startup   warm start: ${r.warmMs.toFixed(0)} ms (target: map served within 3,000 ms)`);
  addRow({ benchmark: 'startup: warm start to map served', measured: ms(r.warmMs), goal: '≤ 3,000 ms', pass: r.warmMs <= 3000 });
  addRow({ benchmark: 'startup: first start (migrations, default data)', measured: ms(r.coldMs), goal: '—', pass: null });
}
if (want('bundle')) {
  const r = benchBundleSize();
  console.log(`bundle    initial JS (gzip): app ${kb(r.appBytes)} vs bare MapLibre + deck.gl + React page ${kb(r.bareBytes)}: ${r.ratio.toFixed(2)}× (goal ≤ 1.30×)`);
  addRow({ benchmark: 'bundle: initial JS, gzip', measured: kb(r.appBytes), anchor: `bare MapLibre + deck.gl page ${kb(r.bareBytes)}`, ratio: r.ratio, goal: '≤ 1.30×', pass: r.ratio <= 1.3 });
}
if (want('first-paint')) {
  const r = await benchFirstPaint();
  console.log(`paint     time to first map paint in headless Chromium: ${r.firstPaintMs.toFixed(0)} ms (median of ${r.runs.map((x) => x.toFixed(0)).join(', ')})`);
  addRow({ benchmark: 'first map paint, headless Chromium', measured: ms(r.firstPaintMs), goal: '—', pass: null });
}
if (want('spatial-join')) {
  for (const r of await benchSpatialJoin()) {
    const ours = Math.min(r.singleMs, r.parallelMs);
    const goal = r.set === 'admin-1' ? 0.5 : 1.0;
    addRow({ benchmark: `spatial join 1M points × ${r.set}`, measured: ms(ours), anchor: `PostGIS expert ${ms(r.expertMs)}`, ratio: r.expertMs ? ours / r.expertMs : undefined, goal: `≤ ${goal.toFixed(1)}×`, pass: r.expertMs ? ours / r.expertMs <= goal : null });
  }
}
if (want('tiles') && haveSharedData('bench tiles', [ADMIN1_FILE])) {
  const result = await benchTiles();
  for (const line of formatTiles(result)) console.log(line);
  for (const l of result.layers) {
    const pg = l.postgis;
    addRow({ benchmark: `tiles ${l.name}: first render p95`, measured: ms(l.firstP95Ms), anchor: pg ? `ST_AsMVT ${ms(pg.firstP95Ms)}` : '—', ratio: pg ? l.firstP95Ms / pg.firstP95Ms : undefined, goal: '≤ 50 ms', pass: l.firstP95Ms <= 50 });
    addRow({ benchmark: `tiles ${l.name}: cached over HTTP p95`, measured: ms(l.httpCachedP95Ms), anchor: pg ? `ST_AsMVT again ${ms(pg.warmP95Ms)}` : '—', ratio: pg ? l.httpCachedP95Ms / pg.warmP95Ms : undefined, goal: '≤ 5 ms', pass: l.httpCachedP95Ms <= 5 });
    addRow({ benchmark: `tiles ${l.name}: largest tile`, measured: kb(l.largestBytes), anchor: pg ? `ST_AsMVT ${kb(pg.largestBytes)}` : '—', ratio: pg ? l.largestBytes / pg.largestBytes : undefined, goal: '≤ 500 KB', pass: l.largestBytes <= 500 * 1024 });
  }
}
if (want('borderland')) {
  for (const r of await benchBorderlandZones()) {
    const ours = r.ours.zoneMs + r.ours.sharesMs;
    const theirs = r.postgis ? r.postgis.zoneMs + r.postgis.sharesMs : undefined;
    const ratio = theirs ? ours / theirs : undefined;
    if (r.scale === '10m') addRow({ benchmark: `borderland zones ${r.scale}`, measured: ms(ours), anchor: `PostGIS ${ms(theirs)}`, ratio, goal: '≤ 10 s', pass: ours <= 10_000 });
    else addRow({ benchmark: `borderland zones ${r.scale}`, measured: ms(ours), anchor: `PostGIS ${ms(theirs)}`, ratio, goal: '≤ 1.0×', pass: ratio === undefined ? null : ratio <= 1 });
  }
}
if (want('factors') && haveSharedData('bench factors', [ADMIN1_FILE])) {
  const r = await benchFactors();
  addRow({ benchmark: `factors: first computation, ${r.areas.toLocaleString('en')} areas × ${r.sites.toLocaleString('en')} sites`, measured: ms(r.firstMs), goal: '≤ 3,000 ms', pass: r.firstMs <= 3000 });
  for (const s of r.steps) addRow({ benchmark: `factors: ${s.change}, incremental`, measured: ms(s.incrementalMs), anchor: `everything again ${ms(s.fullMs)}`, ratio: s.incrementalMs / s.fullMs, goal: 'same values', pass: s.valuesEqual });
}
if (want('risk')) {
  const r = benchRisk();
  addRow({ benchmark: `risk: slider move, ${r.areas.toLocaleString('en')} areas`, measured: ms(r.sliderMs), anchor: `object-based scorer ${ms(r.objectMs)}`, ratio: r.sliderMs / r.objectMs, goal: '≤ 4 ms and ≤ 0.025× (40× faster)', pass: r.sliderMs <= 4 && r.sliderRatio >= 40 });
  addRow({ benchmark: `risk: full recompute, ${r.areas.toLocaleString('en')} areas`, measured: ms(r.fullMs), anchor: `object-based scorer ${ms(r.objectMs)}`, ratio: r.fullMs / r.objectMs, goal: '—', pass: null });
  const b = await benchRiskBrowser();
  addRow({ benchmark: 'risk: slider to repaint, 5,000 areas, headless Chromium', measured: ms(b.moveMs), anchor: `the same two frames unchanged ${ms(b.idleMs)}`, ratio: b.ratio, goal: 'within one frame (≤ 1× the two-frame wait)', pass: b.ratio <= 1.05 });
  addRow({ benchmark: 'risk: rank uncertainty 1,000 draws × 5,000 areas, worker', measured: ms(b.uncertaintyS * 1000), anchor: '—', goal: '≤ 2 s', pass: b.uncertaintyS <= 2 });
}
if (want('bad-input')) {
  const results = await benchBadInputMemory();
  const worst = (pick: (x: (typeof results)[number]) => number | null) => Math.max(...results.map((x) => pick(x) ?? -1));
  for (const [who, peak] of [['CLI', worst((x) => x.cli.peakRssMb)], ['server', worst((x) => x.server.peakRssMb)]] as const) {
    addRow({ benchmark: `bad input: worst peak RSS, ${who}`, measured: peak < 0 ? '—' : mb(peak), goal: `≤ ${RSS_GOAL_MB} MB`, pass: peak < 0 ? null : peak <= RSS_GOAL_MB });
  }
}
if (want('crash')) {
  const trials = await benchCrash(all ? { trials: 3 } : {});
  const ok = trials.filter((t) => t.ok).length;
  addRow({ benchmark: `crash: SIGKILL during an import, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, measured: `${ok}/${trials.length} trials intact`, goal: 'all intact', pass: ok === trials.length });
}
if (want('responsiveness')) {
  const results = await benchResponsiveness();
  for (const [key, runs] of Object.entries(results)) {
    for (const [name, pick] of [['/health', (x: ResponsivenessRun) => x.health], ['cached tile', (x: ResponsivenessRun) => x.tiles]] as const) {
      const worker = quantile(pick(runs.worker), 0.99);
      const main = quantile(pick(runs.main), 0.99);
      addRow({ benchmark: `during an import (${key}): ${name} p99`, measured: ms(worker), anchor: `IMPORT_THREAD=main ${ms(main)}`, ratio: worker / main, goal: '< 100 ms', pass: worker < 100 });
    }
  }
}
if (want('load')) {
  const r = await benchLoad(all ? { sessions: 50, seconds: 10 } : {});
  addRow({ benchmark: `load: ${r.requests.toLocaleString('en')} requests`, measured: `${r.errors.length} errors`, goal: 'no error', pass: r.errors.length === 0 });
  for (const [route, x] of Object.entries(r.routes)) {
    const judged = /tile|area|quer|search|profile/i.test(route);
    addRow({ benchmark: `load: ${route} p99`, measured: ms(x.p99), goal: judged ? '< 200 ms' : '—', pass: judged ? x.p99 < 200 : null });
  }
  addRow({ benchmark: 'load: server RSS before / peak / after', measured: `${mb(r.rssMb.before)} / ${mb(r.rssMb.peak)} / ${mb(r.rssMb.after)}`, goal: 'after ≤ 1.5× before', pass: r.rssMb.after <= 1.5 * r.rssMb.before });
}
if (want('fuzz')) {
  const r = await benchFuzz(all ? { runs: 100 } : {});
  addRow({ benchmark: `fuzz: importers, ${r.runs} runs per format (seed ${r.seed})`, measured: `${r.failures.length} failing`, goal: 'none', pass: r.failures.length === 0 });
}
if (want('import')) {
  const r = await benchImport1M({ runs: Number(process.env.IMPORT_BENCH_RUNS ?? 1) });
  for (const format of ['ndgeojson', 'csv'] as const) {
    const anchor = r[format].ogr2ogr;
    for (const target of ['sqlite', 'postgres'] as const) {
      const run = r[format][target];
      if (!run) continue;
      addRow({ benchmark: `import 1M points ${format} → ${target}`, measured: ms(run.ms), anchor: anchor ? `ogr2ogr ${ms(anchor.ms)}` : '—', ratio: anchor ? run.ms / anchor.ms : undefined, goal: '≤ 0.6×', pass: anchor ? run.ms / anchor.ms <= 0.6 : null });
      addRow({ benchmark: `import 1M points ${format} → ${target}: peak RSS`, measured: mb(run.peakRssMb), goal: '≤ 300 MB', pass: run.peakRssMb === null ? null : run.peakRssMb <= 300 });
    }
  }
}

console.log(`\nbenchmarks on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}:`);
for (const line of formatTable()) console.log(line);
