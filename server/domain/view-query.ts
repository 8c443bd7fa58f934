/**
 * The query string of a saved view of the map, checked before it is stored: the keys the client's
 * link uses (client/lib/url-view.ts, which normalises the view and checks each value again when
 * the view is opened) and nothing else. Pure.
 */

/** Longest query string stored, characters. */
export const MAX_VIEW_QUERY = 4000;

const KEYS = new Set(['v', 'l', 'bk', 'a', 'as', 'lang']);
// an indicator layer's settings: <key>.<dataset id>
const PER_DATASET = /^(i|p|fx|b|c)\.[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

export class ViewQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ViewQueryError';
  }
}

/**
 * The query string without its leading '?', or a ViewQueryError naming what is wrong.
 *
 * @example
 * checkViewQuery('?v=23,13,5.5&l=countries&bk=50'); // 'v=23,13,5.5&l=countries&bk=50'
 */
export function checkViewQuery(input: string): string {
  const query = input.startsWith('?') ? input.slice(1) : input;
  if (query.length > MAX_VIEW_QUERY) throw new ViewQueryError(`query: ${query.length} characters; at most ${MAX_VIEW_QUERY}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(query)) throw new ViewQueryError('query: spaces or control characters; expected a URL-encoded query string');
  const params = new URLSearchParams(query);
  let camera = false;
  for (const [key, value] of params) {
    if (!KEYS.has(key) && !PER_DATASET.test(key)) throw new ViewQueryError(`query: unknown parameter '${key.slice(0, 60)}'; expected v, l, bk, a, as, lang or i./p./fx./b./c.<dataset>`);
    if (key === 'v') {
      const parts = value.split(',').map(Number);
      if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p))) throw new ViewQueryError(`query: v='${value.slice(0, 60)}'; expected longitude,latitude,zoom`);
      camera = true;
    }
  }
  if (!camera) throw new ViewQueryError('query: no v= (the map centre and zoom); a view needs one');
  return query;
}
