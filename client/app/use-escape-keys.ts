import { useEffect, useRef } from 'react';
import { DOUBLE_ESCAPE_MS, quickExit } from './quick-exit';

/** Escape closes what is open (`onEscape`); Escape twice in quick succession is the quick exit. */
export function useEscapeKeys(onEscape: () => void): void {
  const onEscapeRef = useRef(onEscape);
  onEscapeRef.current = onEscape;

  useEffect(() => {
    let lastEscape = -Infinity;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.repeat) return;
      const now = performance.now();
      if (now - lastEscape < DOUBLE_ESCAPE_MS) {
        quickExit();
        return;
      }
      lastEscape = now;
      onEscapeRef.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
