import { signOut } from '../features/account/session-api';

/**
 * Leaves at once for a blank page (no third-party site: it would learn who left and when), signs
 * the session out (a beacon, which outlives the page) and replaces this page's history entry.
 * The atlas keeps its view in the URL with replaceState (use-url-sync.ts) and makes no entries of
 * its own, so Back from the blank page leads to whatever came before the atlas — and if that is
 * the atlas again, to its sign-in page, since the session has ended.
 */
export function quickExit(): void {
  void signOut({ beacon: true }).catch(() => {});
  document.title = '';
  document.body.replaceChildren();
  location.replace('about:blank');
}

/** Escape pressed twice within this time means "quick exit". */
export const DOUBLE_ESCAPE_MS = 600;
