/**
 * The one way tests reach the shared data corpus (real published files too big or too
 * differently licensed to live in the repo; see its README.md).
 *
 * - `sharedDataDir()`: `$ATLAS_SHARED_DATA`, or else `../shared/data` beside the repo root.
 * - `describeWithSharedData(name, ['risk-index/x.csv'], (paths) => { … })`: a `describe` block
 *   that runs when every listed file exists, and gets their absolute paths. When one is missing
 *   it is skipped with one console line saying what and how to get the data, or, when
 *   `CI_REQUIRE_SHARED_DATA=1`, it fails instead (so CI cannot go green without the data).
 * - `itWithSharedData(name, paths, fn)`: the same for one test among tests that need nothing
 *   outside the repo.
 * - `readSharedData(path)`: the bytes of a file of the corpus, inside such a block or test.
 * - `haveSharedData(what, paths)`: the same decision for a bench or a script (`npm run bench`):
 *   true when the files are there; else one line, or a throw under `CI_REQUIRE_SHARED_DATA=1`.
 *
 * Read the files inside `it`/`beforeAll`, not in the describe body, so that nothing is read
 * while a skipped block is collected. The seed text sits beside the corpus, so it is reached as
 * `../seed/<file>`.
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

/** The bytes of a file of the corpus (declare it in the enclosing `…WithSharedData` first). */
export function readSharedData(relativePath: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(sharedDataPath(relativePath)));
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
  if (process.env.CI_REQUIRE_SHARED_DATA === '1') {
    describe(name, () => {
      it('has its shared data', () => {
        throw new Error(requiredMessage(missing));
      });
    });
    return;
  }
  console.log(skipLine(name, missing));
  describe.skip(name, () => {
    it('needs the shared data corpus', () => {});
  });
}

/**
 * `it(name, …)` over files of the corpus, for a test among others that need nothing outside the
 * repo; `fn` receives their absolute paths in order. Skipped or failed as `describeWithSharedData`.
 *
 * @example
 * itWithSharedData('reads the 145 Hyderabad wards', ['formats/hyderabad-ghmc-wards.overpass-turbo.kml'], () => {
 *   expect(readKml(readSharedData('formats/hyderabad-ghmc-wards.overpass-turbo.kml')).features).toHaveLength(145);
 * });
 */
export function itWithSharedData(
  name: string,
  relativePaths: readonly string[],
  fn: (paths: string[]) => unknown,
  timeoutMs?: number,
): void {
  const missing = missingSharedData(relativePaths);
  if (missing.length === 0) {
    it(name, () => fn(relativePaths.map(sharedDataPath)), timeoutMs);
    return;
  }
  if (process.env.CI_REQUIRE_SHARED_DATA === '1') {
    it(name, () => {
      throw new Error(requiredMessage(missing));
    });
    return;
  }
  console.log(skipLine(name, missing));
  it.skip(name, () => {});
}

/**
 * Whether every listed file of the corpus is there, for code outside a test (benches): when one
 * is missing, says in one line that `what` is skipped and returns false, or, when
 * `CI_REQUIRE_SHARED_DATA=1`, throws.
 *
 * @example
 * if (haveSharedData('bench factors', ['boundaries/ne_10m_admin_1_states_provinces.ems.topo.json.gz'])) await benchFactors();
 */
export function haveSharedData(what: string, relativePaths: readonly string[]): boolean {
  const missing = missingSharedData(relativePaths);
  if (missing.length === 0) return true;
  if (process.env.CI_REQUIRE_SHARED_DATA === '1') throw new Error(requiredMessage(missing));
  console.log(skipLine(what, missing));
  return false;
}

const HOW = 'put the shared data corpus (shared/data, see its README.md) beside the repo, or point ATLAS_SHARED_DATA at it';

function skipLine(name: string, missing: string[]): string {
  return `[shared-data] skipped "${name}": ${missing.join(', ')} not found in ${sharedDataDir()}; ${HOW}`;
}

function requiredMessage(missing: string[]): string {
  return `CI_REQUIRE_SHARED_DATA=1 and ${missing.join(', ')} not found in ${sharedDataDir()}: ${HOW}`;
}
