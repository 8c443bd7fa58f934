/**
 * Leaves at once for a blank page (no third-party site: it would learn who left and when), and
 * replaces this page's history entry, so Back does not bring the map back.
 */
export function quickExit(): void {
  document.title = '';
  document.body.replaceChildren();
  location.replace('about:blank');
}

/** Escape pressed twice within this time means "quick exit". */
export const DOUBLE_ESCAPE_MS = 600;
