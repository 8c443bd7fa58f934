import { useLayoutEffect, type RefObject } from 'react';

/**
 * Keeps the CSS variable `--top-bar-bottom` on `app` equal to the bottom edge of `bar` (in px,
 * relative to `app`), so panels under the top bar start below it however many rows it wraps to
 * (the account menu and the language select wrap onto a second row at 1280 px in French).
 *
 * @example
 * useTopBarOffset(appRef, barRef); // .panel--right { top: calc(var(--top-bar-bottom, 48px) + 12px) }
 */
export function useTopBarOffset(app: RefObject<HTMLElement | null>, bar: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const appEl = app.current;
    const barEl = bar.current;
    if (!appEl || !barEl) return;
    const update = () => {
      const bottom = Math.ceil(barEl.getBoundingClientRect().bottom - appEl.getBoundingClientRect().top);
      appEl.style.setProperty('--top-bar-bottom', `${bottom}px`);
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(barEl);
    observer.observe(appEl);
    return () => observer.disconnect();
  }, [app, bar]);
}
