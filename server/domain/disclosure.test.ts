import { describe, expect, it } from 'vitest';
import { protectCount } from './disclosure';

describe('protectCount', () => {
  it('shows 0 as 0, 1 … k − 1 as <k, and rounds the others down to a multiple of k', () => {
    expect(protectCount(0, 10)).toEqual({ value: 0 });
    expect(protectCount(1, 10)).toEqual({ value: null, below: 10 });
    expect(protectCount(9, 10)).toEqual({ value: null, below: 10 });
    expect(protectCount(10, 10)).toEqual({ value: 10, roundedTo: 10 });
    expect(protectCount(27, 10)).toEqual({ value: 20, roundedTo: 10 });
    expect(protectCount(11, 11)).toEqual({ value: 11, roundedTo: 11 });
    expect(protectCount(30, 11)).toEqual({ value: 22, roundedTo: 11 });
  });

  // The differencing attack: a parent P = a + b published with one of its two children. For every
  // small a (1 … k − 1) and every b, the values a could have, given what is published (P̂, b̂ and
  // "a < k"), are 1 … k − 1 — or, when the parent and the child are both under k (so b ≥ 1 and
  // a + b ≤ k − 1), 1 … k − 2: never one value, never fewer than k − 2. Checked by brute force.
  it('never lets a parent minus a child recover a suppressed cell', () => {
    for (const k of [5, 10, 11]) {
      for (let a = 1; a < k; a++) {
        for (let b = 0; b < 6 * k; b++) {
          const parent = protectCount(a + b, k);
          const child = protectCount(b, k);
          const possible: number[] = [];
          for (let a2 = 1; a2 < k; a2++) {
            // another world with a2 instead of a, the same b: the same publication?
            for (let b2 = 0; b2 < 6 * k; b2++) {
              if (JSON.stringify(protectCount(a2 + b2, k)) === JSON.stringify(parent) && JSON.stringify(protectCount(b2, k)) === JSON.stringify(child)) {
                possible.push(a2);
                break;
              }
            }
          }
          const bothSuppressed = parent.value === null && child.value === null;
          expect(possible, `k=${k} a=${a} b=${b}`).toEqual(Array.from({ length: bothSuppressed ? k - 2 : k - 1 }, (_, i) => i + 1));
        }
      }
    }
  });

  it('is refused no k below 1: a k of 0 shows the count', () => {
    expect(protectCount(3, 0)).toEqual({ value: 3 });
  });
});
