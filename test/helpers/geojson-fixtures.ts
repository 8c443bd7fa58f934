/**
 * Turf-style fixture loops: every `test/fixtures/geometry/<module>/<case>.in.geojson` is run
 * through the module and compared with `<case>.out.geojson`; `UPDATE=1` writes the expected files
 * instead (review the diff). Outputs carry simplestyle properties (`stroke`, `fill`, …), so a
 * fixture opens as a picture in geojson.io or any GeoJSON viewer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection } from 'geojson';
import { expect } from 'vitest';

const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/geometry');

export interface GeojsonFixture {
  /** The case's name: its file name without `.in.geojson`. */
  name: string;
  input: FeatureCollection;
  outPath: string;
}

/**
 * The cases of a module, by name.
 *
 * @example
 * for (const fixture of geojsonFixtures('zone-shares')) it(fixture.name, () => expectFixture(fixture, run(fixture.input)));
 */
export function geojsonFixtures(module: string): GeojsonFixture[] {
  const dir = path.join(fixturesDir, module);
  const cases = fs.readdirSync(dir).filter((f) => f.endsWith('.in.geojson')).sort();
  if (cases.length === 0) throw new Error(`No <case>.in.geojson in ${dir}`);
  return cases.map((file) => ({
    name: file.slice(0, -'.in.geojson'.length),
    input: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')),
    outPath: path.join(dir, file.replace(/\.in\.geojson$/, '.out.geojson')),
  }));
}

/**
 * Compares `actual` (numbers rounded to `decimals`, so the last bits of the trigonometry do not
 * matter) with the case's `.out.geojson`, or writes it there when `UPDATE=1`.
 */
export function expectFixture(fixture: GeojsonFixture, actual: FeatureCollection, decimals = 9): void {
  const rounded = roundNumbers(actual, decimals) as FeatureCollection;
  if (process.env.UPDATE === '1') {
    fs.writeFileSync(fixture.outPath, `${JSON.stringify(rounded, null, 1)}\n`);
    return;
  }
  if (!fs.existsSync(fixture.outPath)) throw new Error(`${fixture.outPath} is missing: run with UPDATE=1 to write it, then review it`);
  expect(rounded).toEqual(JSON.parse(fs.readFileSync(fixture.outPath, 'utf8')));
}

function roundNumbers(value: unknown, decimals: number): unknown {
  // NaN and Infinity as JSON writes them
  if (typeof value === 'number') return Number.isFinite(value) ? Number(value.toFixed(decimals)) : null;
  if (Array.isArray(value)) return value.map((v) => roundNumbers(v, decimals));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundNumbers(v, decimals)]));
  return value;
}
