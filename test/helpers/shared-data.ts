/**
 * The one way tests reach the shared data corpus (real published files too big or too
 * differently licensed to live in the repo; see its README.md).
 *
 * - `sharedDataDir()`: `$ATLAS_SHARED_DATA`, or else `../shared/data` beside the repo root.
 * - `describeWithSharedData(name, ['risk-index/x.csv'], (paths) => { … })`: a `describe` block
 *   that runs when every listed file exists, and gets their absolute paths. When one is missing
 *   it is skipped with one console line saying what and how to get the data, or, when
 *   `CI_REQUIRE_SHARED_DATA=1`, it fails instead (so CI cannot go green without the data).
 *
 * Read the files inside `it`/`beforeAll`, not in the describe body, so that nothing is read
 * while a skipped block is collected.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The corpus folder: `$ATLAS_SHARED_DATA`, else `<repo>/../shared/data`. */
export function sharedDataDir(): string {
  const fromEnv = process.env.ATLAS_SHARED_DATA;
  return fromEnv ? path.resolve(fromEnv) : path.resolve(repoRoot, '../shared/data');
}

/** Absolute path of a file of the corpus, from its path relative to the corpus folder. */
export function sharedDataPath(relativePath: string): string {
  return path.join(sharedDataDir(), relativePath);
}

/** Those of `relativePaths` that are not in the corpus folder. */
export function missingSharedData(relativePaths: readonly string[]): string[] {
  return relativePaths.filter((p) => !fs.existsSync(sharedDataPath(p)));
}

/**
 * `describe(name, …)` over files of the corpus; `fn` receives their absolute paths in order.
 *
 * @example
 * describeWithSharedData('INFORM Risk 2025', ['risk-index/inform_risk_2025_v070_a-z.csv'], ([csv]) => {
 *   it('reproduces every country', () => { … fs.readFileSync(csv, 'utf8') … });
 * });
 */
export function describeWithSharedData(name: string, relativePaths: readonly string[], fn: (paths: string[]) => void): void {
  const missing = missingSharedData(relativePaths);
  if (missing.length === 0) {
    describe(name, () => fn(relativePaths.map(sharedDataPath)));
    return;
  }
  const what = `${missing.join(', ')} not found in ${sharedDataDir()}`;
  const how = 'put the shared data corpus (shared/data, see its README.md) beside the repo, or point ATLAS_SHARED_DATA at it';
  if (process.env.CI_REQUIRE_SHARED_DATA === '1') {
    describe(name, () => {
      it('has its shared data', () => {
        throw new Error(`CI_REQUIRE_SHARED_DATA=1 and ${what}: ${how}`);
      });
    });
    return;
  }
  console.log(`[shared-data] skipped "${name}": ${what}; ${how}`);
  describe.skip(name, () => {
    it('needs the shared data corpus', () => {});
  });
}
