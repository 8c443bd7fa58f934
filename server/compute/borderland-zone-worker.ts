/**
 * A worker of borderland-zone-pool.ts: holds a BorderIndex (shared memory, nothing copied), then
 * traces the zone's edge in the tiles it takes from a shared counter, and sends back what it found.
 */
import { parentPort } from 'node:worker_threads';
import { BorderIndex, type BorderIndexData } from '../domain/borderland';
import { borderlandZoneLattice } from '../domain/borderland-zone';
import { ZoneTracer, type ZoneTrace } from '../domain/zone-contour';

export interface ZoneWorkerInit {
  type: 'init';
  data: BorderIndexData;
}

export interface ZoneWorkerJob {
  type: 'job';
  radiusKm: number;
  cellKm?: number;
  toleranceKm?: number;
  /** Tiles come in chunks of `chunk`; a worker takes the next by incrementing `next[0]` (shared memory). */
  chunk: number;
  next: Int32Array;
}

export type ZoneWorkerReply =
  | { type: 'ready' }
  | { type: 'done'; trace: ZoneTrace; ms: number }
  | { type: 'error'; message: string };

if (!parentPort) throw new Error('borderland-zone-worker.ts is meant to run in a worker thread.');
const port = parentPort;
let index: BorderIndex | undefined;

port.on('message', (message: ZoneWorkerInit | ZoneWorkerJob) => {
  try {
    if (message.type === 'init') {
      index = BorderIndex.fromData(message.data);
      port.postMessage({ type: 'ready' } satisfies ZoneWorkerReply);
      return;
    }
    if (!index) throw new Error('Job received before init.');
    const t0 = performance.now();
    const { radiusKm, cellKm, toleranceKm, chunk, next } = message;
    const lattice = borderlandZoneLattice(radiusKm, { cellKm });
    const tracer = new ZoneTracer(index, lattice, radiusKm, { toleranceKm });
    const tiles = lattice.tileRows * lattice.tileCols;
    for (let from = Atomics.add(next, 0, 1) * chunk; from < tiles; from = Atomics.add(next, 0, 1) * chunk) {
      for (let t = from; t < Math.min(tiles, from + chunk); t++) tracer.traceTile(t);
    }
    port.postMessage({ type: 'done', trace: tracer.trace, ms: performance.now() - t0 } satisfies ZoneWorkerReply);
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error).stack ?? String(e) } satisfies ZoneWorkerReply);
  }
});
