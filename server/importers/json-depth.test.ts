import { describe, expect, it } from 'vitest';
import { badInput, nestedArrays } from '../../test/fixtures/bad-input/make-fixtures';
import { mulberry32 } from '../../test/helpers/seeded-random';
import { ImportError } from './import-error';
import { checkJsonDepth } from './json-depth';
import { readFeatures } from './read-features';
import { caught } from '../../test/helpers/caught';

// the nesting of a parsed value, by recursion (fine at the depths tested)
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

// a random JSON text nesting up to `maxDepth`, with strings full of brackets, quotes and backslashes
function randomJson(random: () => number, maxDepth: number): string {
  const tricky = ['[', ']', '{', '}', '\\', '"', '\\"', 'a'];
  const value = (depth: number): string => {
    const r = random();
    if (depth >= maxDepth || r < 0.3) {
      return r < 0.15 ? String(Math.round(random() * 100)) : JSON.stringify(Array.from({ length: 1 + Math.floor(random() * 6) }, () => tricky[Math.floor(random() * tricky.length)]).join(''));
    }
    const n = Math.floor(random() * 4);
    if (r < 0.65) return `[${Array.from({ length: n }, () => value(depth + 1)).join(',')}]`;
    return `{${Array.from({ length: n }, (_, i) => `"k${i}\\"[":${value(depth + 1)}`).join(',')}}`;
  };
  return value(0);
}

describe('checkJsonDepth', () => {
  it('refuses 65 levels and accepts 64', () => {
    expect(() => checkJsonDepth(nestedArrays(64), 'x.json')).not.toThrow();
    expect(() => checkJsonDepth(nestedArrays(65), 'x.json')).toThrow(
      'x.json line 1, column 65: arrays and objects nested more than 64 deep (the limit); GeoJSON needs 8 at most, so the file is broken or made to crash a reader',
    );
  });

  it('skips brackets inside strings, escaped quotes included', () => {
    expect(() => checkJsonDepth('{"a":"[[[[\\"[[[[{{{{","b\\\\":["]]]]"]}', 'x.json', { maxDepth: 2 })).not.toThrow();
    expect(() => checkJsonDepth('{"a\\\\":[["x"]]}', 'x.json', { maxDepth: 2 })).toThrow(/column 9:/);
  });

  it('agrees with the depth of the parsed value on 500 seeded random texts', () => {
    const random = mulberry32(14);
    for (let k = 0; k < 500; k++) {
      const text = randomJson(random, 12);
      const depth = depthOf(JSON.parse(text));
      expect(() => checkJsonDepth(text, 'r.json', { maxDepth: depth }), text).not.toThrow();
      if (depth > 0) expect(() => checkJsonDepth(text, 'r.json', { maxDepth: depth - 1 }), text).toThrow(ImportError);
    }
  });

  it('names the line and column where the limit is passed', () => {
    expect(() => checkJsonDepth(`{\n  "a": 1,\n  "b": ${nestedArrays(70)}\n}`, 'x.json', { line: 10 })).toThrow(/^x\.json line 12, column 71: /);
  });
});

describe('reading files nested 100,000 deep', () => {
  it.each(['deep-coordinates.geojson', 'deep-properties.geojson', 'deep-line.geojsonl'])('%s: a named limit error, not a stack overflow', async (name) => {
    const fixture = badInput(name);
    const error = await caught<ImportError>(() => readFeatures(fixture.bytes(), name));
    expect(error).toBeInstanceOf(ImportError);
    expect(error.issues[0].code).toBe('limit-exceeded');
    expect(error.message).toMatch(fixture.fails!);
  });

  it('TopoJSON nested 100,000 deep in its arcs: the same error', async () => {
    const topo = `{"type":"Topology","objects":{"a":{"type":"GeometryCollection","geometries":[]}},"arcs":${nestedArrays(100_000)}}`;
    await expect(readFeatures(new TextEncoder().encode(topo), 'deep.topojson')).rejects.toThrow(/^deep\.topojson line 1, column \d+: arrays and objects nested more than 64 deep/);
  });
});
