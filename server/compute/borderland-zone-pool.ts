/**
 * buildBorderlandZone on worker threads: the workers share one BorderIndex in shared memory, take
 * tiles of the lattice from a shared counter (a worker that gets less CPU simply takes fewer),
 * and trace the zone's edge in them; this thread links what they found into rings. Also keeps
 * the server's event loop free while a zone is computed.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { request as requestReply, startWorker } from './worker-threads';
import type { MultiPolygon } from 'geojson';
import { BorderIndex } from '../domain/borderland';
import type { BorderlandZoneOptions } from '../domain/borderland-zone';
import type { BorderGeometry } from '../domain/types';
import { linkZoneRings } from '../domain/zone-rings';
import type { ZoneWorkerInit, ZoneWorkerJob, ZoneWorkerReply } from './borderland-zone-worker';

export interface ZonePoolOptions {
  /**
   * Number of worker threads.
   * @default os.availableParallelism()
   */
  workers?: number;
  /**
   * Tiles a worker takes at a time.
   * @default 8
   */
  chunk?: number;
}

/** Workers holding one set of border lines, ready to trace zones of any width. */
export class ZonePool {
  /** Time each worker spent tracing in the last call, ms. */
  lastBusyMs: number[] = [];
  private closed = false;
  // One zone at a time: a worker has one job in flight.
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly workers: Worker[],
    private readonly chunk: number,
  ) {}

  /**
   * Starts the workers and hands them the lines' index (built here, in shared memory).
   *
   * @example
   * const pool = await ZonePool.create(borders);
   * const zone = await pool.zone(50); // MultiPolygon
   * await pool.close();
   */
  static async create(lines: BorderGeometry[], options: ZonePoolOptions = {}): Promise<ZonePool> {
    const n = options.workers ?? availableParallelism();
    const chunk = options.chunk ?? 8;
    if (!(Number.isInteger(n) && n >= 1)) throw new Error(`invalid workers: ${n}`);
    if (!(Number.isInteger(chunk) && chunk >= 1)) throw new Error(`invalid chunk: ${chunk}`);
    const index = new BorderIndex(lines, { shared: true });
    const workers = Array.from({ length: n }, () => startWorker('borderland-zone-worker'));
    try {
      await Promise.all(workers.map((w) => request(w, { type: 'init', data: index.data })));
      return new ZonePool(workers, chunk);
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
  }

  /** The zone of `radiusKm` around the lines, as buildBorderlandZone gives it. */
  zone(radiusKm: number, options: Pick<BorderlandZoneOptions, 'cellKm' | 'toleranceKm'> = {}): Promise<MultiPolygon> {
    const run = this.queue.then(async () => {
      if (this.closed) throw new Error('ZonePool is closed.');
      if (!(radiusKm > 0)) throw new Error(`invalid radiusKm: ${radiusKm} (expected a positive number of km)`);
      const next = new Int32Array(new SharedArrayBuffer(4));
      const job: ZoneWorkerJob = { type: 'job', radiusKm, cellKm: options.cellKm, toleranceKm: options.toleranceKm, chunk: this.chunk, next };
      const replies = await Promise.all(this.workers.map((w) => request(w, job)));
      this.lastBusyMs = replies.map((r) => (r.type === 'done' ? r.ms : 0));
      return linkZoneRings(replies.flatMap((r) => (r.type === 'done' ? [r.trace] : [])));
    });
    this.queue = run.catch(() => {});
    return run;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * buildBorderlandZone on all cores: starts a pool, traces, stops it. For several widths, keep a
 * ZonePool instead.
 *
 * @example
 * const zone = await buildBorderlandZoneParallel(borders, 50);
 */
export async function buildBorderlandZoneParallel(
  lines: BorderGeometry[],
  radiusKm: number,
  options: Pick<BorderlandZoneOptions, 'cellKm' | 'toleranceKm'> & ZonePoolOptions = {},
): Promise<MultiPolygon> {
  const pool = await ZonePool.create(lines, options);
  try {
    return await pool.zone(radiusKm, options);
  } finally {
    await pool.close();
  }
}

const request = (worker: Worker, message: ZoneWorkerInit | ZoneWorkerJob) => requestReply<ZoneWorkerReply>(worker, message, 'borderland-zone');
