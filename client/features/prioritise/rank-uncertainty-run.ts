/** Runs rank uncertainty in a Web Worker, with progress and cancel. */
import type { LeafData, PlanOptions } from '../../../server/domain/risk/scoring-plan';
import type { RiskModel } from '../../../server/domain/risk/model-file';
import type { UncertaintyOptions } from '../../../server/domain/risk/rank-uncertainty';

export interface UncertaintyRequest {
  model: RiskModel;
  data: LeafData;
  planOptions: PlanOptions;
  options: Omit<UncertaintyOptions, 'onProgress'>;
}

export type UncertaintyMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; draws: number; medianRank: Float64Array; p5Rank: Float64Array; p95Rank: Float64Array; topShare: Float64Array }
  | { type: 'error'; message: string };

export type UncertaintyResult = Extract<UncertaintyMessage, { type: 'done' }>;

export interface UncertaintyRun {
  /** Resolves with the figures, or null when cancelled. */
  result: Promise<UncertaintyResult | null>;
  cancel(): void;
}

/**
 * Starts a run; `onProgress` gets the draws done. The same request gives the same figures as
 * risk.uncertainty on the server (the same seeded domain code).
 *
 * @example
 * const run = startUncertainty({ model, data, planOptions, options: { draws: 1000, seed: 1 } }, (done, total) => …);
 * const u = await run.result; // u?.p5Rank[a], u?.p95Rank[a]
 */
export function startUncertainty(request: UncertaintyRequest, onProgress: (done: number, total: number) => void): UncertaintyRun {
  const worker = new Worker(new URL('./uncertainty.worker.ts', import.meta.url), { type: 'module' });
  let settle: (r: UncertaintyResult | null) => void = () => {};
  let fail: (e: Error) => void = () => {};
  const result = new Promise<UncertaintyResult | null>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  worker.onmessage = (e: MessageEvent<UncertaintyMessage>) => {
    const m = e.data;
    if (m.type === 'progress') onProgress(m.done, m.total);
    else {
      worker.terminate();
      if (m.type === 'done') settle(m);
      else fail(new Error(m.message));
    }
  };
  worker.onerror = (e) => {
    worker.terminate();
    fail(new Error(e.message || 'The rank-uncertainty worker failed'));
  };
  worker.postMessage(request);
  return {
    result,
    cancel() {
      worker.terminate();
      settle(null);
    },
  };
}
