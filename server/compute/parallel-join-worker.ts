/**
 * A worker of parallel-join.ts: gets (or builds) a PolygonIndex once, then counts or assigns the
 * point ranges it is sent, reading points from and writing assignments to shared memory.
 */
import { parentPort } from 'node:worker_threads';
import type { MultiPolygon, Polygon } from 'geojson';
import { PolygonIndex, type PolygonIndexData } from '../domain/polygon-index';
import type { CellTreeOptions } from '../domain/polygon-index-tree';
import { assignPoints, countPointsInPolygons } from '../domain/spatial-join';

export type WorkerInit =
  | { type: 'init'; data: PolygonIndexData }
  | { type: 'init'; geometries: (Polygon | MultiPolygon)[]; options: CellTreeOptions };

export interface WorkerJob {
  type: 'job';
  op: 'count' | 'assign';
  /** lng,lat pairs (shared memory). */
  coords: Float64Array;
  /** The points come in chunks of `chunk`; a worker takes the next one by incrementing `next[0]` (shared memory). */
  chunk: number;
  next: Int32Array;
  /** For 'assign': one slot per point (shared memory). */
  out?: Int32Array;
}

export type WorkerReply =
  | { type: 'ready'; buildMs: number }
  | { type: 'done'; counts?: Int32Array; ms: number }
  | { type: 'error'; message: string };

if (!parentPort) throw new Error('parallel-join-worker.ts is meant to run in a worker thread.');
const port = parentPort;
let index: PolygonIndex | undefined;
let counts: Int32Array | undefined;

port.on('message', (message: WorkerInit | WorkerJob) => {
  try {
    if (message.type === 'init') {
      const t0 = performance.now();
      index = 'data' in message ? PolygonIndex.fromData(message.data) : new PolygonIndex(message.geometries, message.options);
      counts = new Int32Array(index.size);
      port.postMessage({ type: 'ready', buildMs: performance.now() - t0 } satisfies WorkerReply);
      return;
    }
    if (!index || !counts) throw new Error('Job received before init.');
    const t0 = performance.now();
    const { coords, chunk, next, op, out } = message;
    const n = coords.length >> 1;
    counts.fill(0);
    for (let from = Atomics.add(next, 0, 1) * chunk; from < n; from = Atomics.add(next, 0, 1) * chunk) {
      const to = Math.min(n, from + chunk);
      const slice = coords.subarray(2 * from, 2 * to);
      if (op === 'count') countPointsInPolygons(index, slice, counts);
      else assignPoints(index, slice, out!.subarray(from, to));
    }
    if (op === 'count') {
      const copy = counts.slice();
      port.postMessage({ type: 'done', counts: copy, ms: performance.now() - t0 } satisfies WorkerReply, [copy.buffer]);
    } else {
      port.postMessage({ type: 'done', ms: performance.now() - t0 } satisfies WorkerReply);
    }
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error).stack ?? String(e) } satisfies WorkerReply);
  }
});
