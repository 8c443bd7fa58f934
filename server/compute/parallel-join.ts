/**
 * The spatial join of server/domain/spatial-join.ts on worker threads: the points are cut into
 * chunks that each worker takes in turn from a shared counter (Atomics.add — no message per
 * chunk, and a worker that gets less CPU simply takes fewer), and the per-worker counts are summed. Points and assignments
 * live in shared memory; the index reaches the workers as shared typed arrays (no copy, nothing
 * rebuilt), as copies, or as geometries that each worker indexes again — `transfer` chooses,
 * test/bench/spatial-join.ts compares them (shared memory wins: it costs only worker start-up).
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { request as requestReply, startWorker } from './worker-threads';
import type { MultiPolygon, Polygon } from 'geojson';
import type { PolygonIndex, PolygonIndexData } from '../domain/polygon-index';
import type { CellTreeOptions } from '../domain/polygon-index-tree';
import type { WorkerInit, WorkerJob, WorkerReply } from './parallel-join-worker';

export interface JoinPoolOptions {
  /**
   * Number of worker threads.
   * @default os.availableParallelism()
   */
  workers?: number;
  /**
   * How the index reaches the workers: 'shared' puts its typed arrays in SharedArrayBuffers once
   * (workers read the same memory), 'copy' posts them (each worker gets a copy), 'rebuild' posts
   * the geometries and each worker builds its own index.
   * @default 'shared'
   */
  transfer?: 'shared' | 'copy' | 'rebuild';
  /**
   * Points per chunk a worker takes at a time.
   * @default 8192
   */
  chunk?: number;
  /** With transfer 'rebuild': the geometries the index was built from, and its options. */
  geometries?: (Polygon | MultiPolygon)[];
  indexOptions?: CellTreeOptions;
}

const defaultOptions = { transfer: 'shared', chunk: 8192 } as const;

/** Workers holding one polygon index, ready to count or assign points. */
export class JoinPool {
  /** Time the workers took to get ready (slowest worker), ms: receiving or building the index. */
  readonly readyMs: number;
  /** Time each worker spent counting or assigning in the last call, ms (the rest is messaging or waiting for a core). */
  lastBusyMs: number[] = [];
  private closed = false;

  private constructor(
    private readonly workers: Worker[],
    private readonly size: number,
    private readonly chunk: number,
    readyMs: number,
  ) {
    this.readyMs = readyMs;
  }

  /**
   * Starts the workers and hands them the index.
   *
   * @example
   * const pool = await JoinPool.create(new PolygonIndex(areas));
   * const counts = await pool.count(coords); // Int32Array, one count per area
   * await pool.close();
   */
  static async create(index: PolygonIndex, options: JoinPoolOptions = {}): Promise<JoinPool> {
    const transfer = options.transfer ?? defaultOptions.transfer;
    const chunk = options.chunk ?? defaultOptions.chunk;
    const n = options.workers ?? availableParallelism();
    if (!(Number.isInteger(n) && n >= 1)) throw new Error(`invalid workers: ${n}`);
    if (!(Number.isInteger(chunk) && chunk >= 1)) throw new Error(`invalid chunk: ${chunk}`);
    let init: WorkerInit;
    if (transfer === 'rebuild') {
      if (!options.geometries) throw new Error("transfer 'rebuild' needs the geometries the index was built from.");
      init = { type: 'init', geometries: options.geometries, options: options.indexOptions ?? {} };
    } else if (transfer === 'shared') {
      init = { type: 'init', data: shareData(index.data) };
    } else if (transfer === 'copy') {
      init = { type: 'init', data: index.data };
    } else {
      throw new Error(`invalid transfer: ${transfer as string}`);
    }
    const workers = Array.from({ length: n }, () => startWorker('parallel-join-worker'));
    try {
      const ready = await Promise.all(workers.map((w) => request(w, init)));
      const readyMs = Math.max(...ready.map((r) => (r.type === 'ready' ? r.buildMs : 0)));
      return new JoinPool(workers, index.size, chunk, readyMs);
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
  }

  /** Per-polygon counts of the points (lng,lat pairs), as countPointsInPolygons. */
  async count(coords: Float64Array): Promise<Int32Array> {
    const shared = toShared(coords);
    const total = new Int32Array(this.size);
    await this.run(shared, 'count', undefined, (counts) => {
      for (let i = 0; i < total.length; i++) total[i] += counts[i];
    });
    return total;
  }

  /** The polygon of each point or −1, as assignPoints. */
  async assign(coords: Float64Array): Promise<Int32Array> {
    const shared = toShared(coords);
    const out = new Int32Array(new SharedArrayBuffer(4 * (shared.length >> 1)));
    await this.run(shared, 'assign', out, () => {});
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  // One message per worker; the workers share out the chunks through a counter in shared memory.
  private async run(coords: Float64Array, op: WorkerJob['op'], out: Int32Array | undefined, merge: (counts: Int32Array) => void): Promise<void> {
    if (this.closed) throw new Error('JoinPool is closed.');
    if (coords.length % 2 !== 0) throw new Error(`Expected lng,lat pairs, got ${coords.length} numbers.`);
    const next = new Int32Array(new SharedArrayBuffer(4));
    const replies = await Promise.all(this.workers.map((worker) => request(worker, { type: 'job', op, coords, chunk: this.chunk, next, out } satisfies WorkerJob)));
    this.lastBusyMs = replies.map((r) => (r.type === 'done' ? r.ms : 0));
    for (const reply of replies) if (reply.type === 'done' && reply.counts) merge(reply.counts);
  }
}

/**
 * countPointsInPolygons on all cores: starts a pool, counts, stops it. To count several point
 * sets against one index, keep a JoinPool instead.
 *
 * @example
 * const counts = await countPointsInPolygonsParallel(index, coords);
 */
export async function countPointsInPolygonsParallel(index: PolygonIndex, coords: Float64Array, options: JoinPoolOptions = {}): Promise<Int32Array> {
  const pool = await JoinPool.create(index, options);
  try {
    return await pool.count(coords);
  } finally {
    await pool.close();
  }
}

const request = (worker: Worker, message: WorkerInit | WorkerJob) => requestReply<WorkerReply>(worker, message, 'spatial-join');

/**
 * The array itself if it lives in shared memory, else a copy that does: points a JoinPool is
 * given this way reach its workers without a copy per call.
 *
 * @example
 * const coords = toShared(randomPoints()); // then pool.count(coords) copies nothing
 */
export function toShared<T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(a.byteLength));
  copy.set(a as never);
  return copy;
}

// The index's typed arrays copied once into shared memory: workers then read the same bytes.
function shareData(data: PolygonIndexData): PolygonIndexData {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) out[key] = ArrayBuffer.isView(value) ? toShared(value as Float64Array) : value;
  const tree: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data.tree)) tree[key] = ArrayBuffer.isView(value) ? toShared(value as Float64Array) : value;
  out.tree = tree;
  return out as unknown as PolygonIndexData;
}
