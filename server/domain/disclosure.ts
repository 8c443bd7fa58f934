/**
 * Statistical disclosure control of counts drawn from internal or restricted data.
 *
 * The method (CTDC's, the Counter-Trafficking Data Collaborative): a count from 1 to k − 1 is not
 * shown (`<k`), and every other count is rounded down to a multiple of k. Rounding is what makes
 * the suppression complementary: a suppressed cell cannot be recovered by subtracting published
 * counts. For a parent P = a + b with a suppressed, P and b are published as multiples of k, each
 * up to k − 1 below the truth, so P̂ − b̂ is 0 or k and a lies anywhere in 1 … k − 1 whatever it
 * is; when P and b are both under k the attacker knows b ≥ 1, so a ≤ k − 2 — still k − 2 values
 * (tested by brute force in disclosure.test.ts, and over HTTP against the factors and the tiles).
 * Zero is shown as 0: it discloses no one. Aggregates of published cells (tile sums) are computed
 * from the published values, so they reveal nothing more.
 *
 * @example
 * protectCount(3, 10)  // → { value: null, below: 10 }
 * protectCount(27, 10) // → { value: 20, roundedTo: 10 }
 * protectCount(0, 10)  // → { value: 0 }
 */
export function protectCount(count: number, k: number): { value: number | null; below?: number; roundedTo?: number } {
  if (!(k >= 1) || count <= 0) return { value: Math.max(0, count) };
  if (count < k) return { value: null, below: k };
  return { value: Math.floor(count / k) * k, roundedTo: k };
}

/** The smallest k an organisation may set: below it small counts identify people too easily. */
export const MIN_SUPPRESSION_K = 5;
