/**
 * Calls `fn` at most once every `waitMs`, always with the latest arguments, and once more at the
 * end of a burst (so the last call is never lost). `cancel()` drops a pending call.
 */
export function throttle<A extends unknown[]>(fn: (...args: A) => void, waitMs: number) {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | undefined;

  const run = () => {
    timer = undefined;
    last = Date.now();
    const args = pending!;
    pending = undefined;
    fn(...args);
  };

  const throttled = (...args: A) => {
    pending = args;
    if (timer !== undefined) return;
    const wait = Math.max(0, last + waitMs - Date.now());
    timer = setTimeout(run, wait);
  };
  throttled.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pending = undefined;
  };
  return throttled;
}
