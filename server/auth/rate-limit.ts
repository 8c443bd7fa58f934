/**
 * A fixed-window rate limiter per key (an address, a user): at most `limit` takes per window.
 *
 * @example
 * const l = createRateLimiter(2, 60_000);
 * l.take('a'); l.take('a'); l.take('a') // → true, true, false
 */
export function createRateLimiter(limit: number, windowMs: number, now: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    limit,
    /** Counts one attempt; false when the key has used up its window. */
    take(key: string): boolean {
      const t = now();
      let w = windows.get(key);
      if (!w || t - w.start >= windowMs) {
        // forget old windows now and then, so that many addresses cannot fill memory
        if (windows.size > 50_000) for (const [k, v] of windows) if (t - v.start >= windowMs) windows.delete(k);
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      return w.count <= limit;
    },
  };
}
