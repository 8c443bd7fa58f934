// `npm run bench`: every benchmark, printed side by side with its anchor. Nothing is asserted.
import { benchStartup } from './startup';
import { benchBundleSize } from './bundle-size';
import { benchFirstPaint } from './first-paint';
import { benchSpatialJoin } from './spatial-join';
import { benchTiles, formatTiles } from './tiles';
import { benchImport1M } from './import-1m';
import { benchBorderlandZones } from './borderland-zones';
import { benchFactors } from './factors';
import { benchRisk } from './risk';
import { benchBadInputMemory } from './bad-input-memory';
import { haveSharedData } from '../helpers/shared-data';
import { ADMIN1_FILE } from './spatial-join-data';
import { benchCrash } from './crash';
import { benchResponsiveness } from './responsiveness';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

if (want('startup')) {
  const r = await benchStartup();
  console.log(`startup   cold first start (migrations + default data): ${r.coldMs.toFixed(0)} ms`);
  console.log(`startup   warm start: ${r.warmMs.toFixed(0)} ms (target: map served within 3,000 ms)`);
}
if (want('bundle')) {
  const r = benchBundleSize();
  console.log(`bundle    initial JS (gzip): app ${kb(r.appBytes)} vs bare MapLibre + deck.gl + React page ${kb(r.bareBytes)}: ${r.ratio.toFixed(2)}× (goal ≤ 1.30×)`);
}
if (want('first-paint')) {
  const r = await benchFirstPaint();
  console.log(`paint     time to first map paint in headless Chromium: ${r.firstPaintMs.toFixed(0)} ms (median of ${r.runs.map((x) => x.toFixed(0)).join(', ')})`);
}
if (want('spatial-join')) await benchSpatialJoin();
if (want('tiles') && haveSharedData('bench tiles', [ADMIN1_FILE])) for (const line of formatTiles(await benchTiles())) console.log(line);
if (want('borderland')) await benchBorderlandZones();
if (want('factors') && haveSharedData('bench factors', [ADMIN1_FILE])) await benchFactors();
if (want('risk')) benchRisk();
if (want('bad-input')) await benchBadInputMemory();
if (want('crash')) await benchCrash();
if (want('responsiveness')) await benchResponsiveness();
if (want('import')) await benchImport1M({ runs: Number(process.env.IMPORT_BENCH_RUNS ?? 1) });
