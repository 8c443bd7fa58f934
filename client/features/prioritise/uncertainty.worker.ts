/// <reference lib="webworker" />
/**
 * Rank uncertainty off the main thread: the domain's seeded Monte Carlo (rank-uncertainty.ts,
 * what risk.uncertainty runs on the server) over the inputs the screen already has. Progress
 * every 50 draws; the screen cancels by terminating the worker.
 */
// a worker is an entry point of its own: zod made jitless (CSP) before the engine's schemas
import '../../lib/zod-jitless';
import { rankUncertainty } from '../../../server/domain/risk/rank-uncertainty';
import type { UncertaintyRequest, UncertaintyMessage } from './rank-uncertainty-run';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<UncertaintyRequest>) => {
  const { model, data, planOptions, options } = event.data;
  const post = (m: UncertaintyMessage, transfer: Transferable[] = []) => self.postMessage(m, transfer);
  try {
    const u = rankUncertainty(model, data, planOptions, { ...options, onProgress: (done, total) => post({ type: 'progress', done, total }) });
    post({ type: 'done', draws: u.draws, medianRank: u.medianRank, p5Rank: u.p5Rank, p95Rank: u.p95Rank, topShare: u.topShare }, [u.medianRank.buffer, u.p5Rank.buffer, u.p95Rank.buffer, u.topShare.buffer]);
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
