import { describe, expect, it } from 'vitest';
import { lowerBound, mortonCode, sortOrderByKey } from './morton-code';
import { mulberry32 } from '../../test/helpers/seeded-random';

// Interleaves bit by bit: x in the even bits, y in the odd ones.
function slowMorton(x: number, y: number): number {
  let code = 0;
  for (let b = 0; b < 16; b++) code += (((x >> b) & 1) * 2 ** (2 * b)) + (((y >> b) & 1) * 2 ** (2 * b + 1));
  return code;
}

describe('mortonCode', () => {
  it('interleaves the bits of x and y, up to 2^16 − 1', () => {
    const random = mulberry32(3);
    for (let i = 0; i < 2000; i++) {
      const x = Math.floor(random() * 65536);
      const y = Math.floor(random() * 65536);
      expect(mortonCode(x, y)).toBe(slowMorton(x, y));
    }
    expect(mortonCode(65535, 65535)).toBe(2 ** 32 - 1);
  });

  it('gives every tile the contiguous codes of its cells', () => {
    // Tile 3/5/2 at zoom 16: cells x in [5·2^13, 6·2^13), y in [2·2^13, 3·2^13).
    const span = 4 ** 13;
    const lo = mortonCode(5, 2) * span;
    const random = mulberry32(4);
    for (let i = 0; i < 2000; i++) {
      const x = Math.floor(random() * 65536);
      const y = Math.floor(random() * 65536);
      const inside = x >> 13 === 5 && y >> 13 === 2;
      const code = mortonCode(x, y);
      expect(code >= lo && code < lo + span).toBe(inside);
    }
  });
});

describe('sortOrderByKey', () => {
  it('sorts like a stable comparison sort', () => {
    const random = mulberry32(5);
    const keys = Uint32Array.from({ length: 50_000 }, () => Math.floor(random() * 2 ** 32) & 0xffff00ff);
    const order = sortOrderByKey(keys);
    const expected = [...keys.keys()].sort((a, b) => keys[a] - keys[b] || a - b);
    expect([...order]).toEqual(expected);
  });
});

describe('lowerBound', () => {
  it('finds the first key not below the value', () => {
    const keys = [1, 3, 3, 3, 7];
    expect([0, 1, 2, 3, 4, 7, 8].map((v) => lowerBound(keys, v))).toEqual([0, 0, 1, 1, 4, 4, 5]);
  });
});
