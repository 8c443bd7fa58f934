// `npm run bench -- fuzz`: the importers' property tests (test/helpers/fuzz-imports.ts) with many
// more runs than CI gives them, and a new seed each time unless FUZZ_SEED is set; prints the seed,
// and any counterexample to keep as a fixture (test/fixtures/fuzz).
import fc from 'fast-check';
import { FUZZ_CASES, importProperty } from '../helpers/fuzz-imports';

export interface FuzzResult {
  seed: number;
  runs: number;
  ms: number;
  failures: { format: string; message: string }[];
}

export async function benchFuzz(opts: { runs?: number; seed?: number; log?: (line: string) => void } = {}): Promise<FuzzResult> {
  const log = opts.log ?? console.log;
  const seed = opts.seed ?? Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const runs = opts.runs ?? Number(process.env.FUZZ_RUNS ?? 500);
  const failures: FuzzResult['failures'] = [];
  const t0 = performance.now();
  for (const [format, cases] of Object.entries(FUZZ_CASES)) {
    const s = performance.now();
    const out = await fc.check(importProperty(cases), { seed, numRuns: runs, endOnFailure: true });
    const took = ((performance.now() - s) / 1000).toFixed(1);
    if (out.failed) {
      const message = `${(out.errorInstance as Error)?.message ?? out.errorInstance} — counterexample ${JSON.stringify(out.counterexample).slice(0, 2000)} (seed ${seed}, path ${out.counterexamplePath})`;
      failures.push({ format, message });
      log(`fuzz      ${format.padEnd(16)} FAILED after ${out.numRuns} runs (${took} s): ${message}`);
    } else log(`fuzz      ${format.padEnd(16)} ${out.numRuns} runs, no failure (${took} s)`);
  }
  const ms = performance.now() - t0;
  log(`fuzz      seed ${seed}: ${Object.keys(FUZZ_CASES).length} formats × ${runs} runs, ${failures.length} failing, ${(ms / 1000).toFixed(0)} s`);
  return { seed, runs, ms, failures };
}
