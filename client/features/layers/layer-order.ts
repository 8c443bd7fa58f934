/**
 * The draw order of the user's layers after moving `id` to where `target` stands (bottom first:
 * the last is drawn on top). Moving onto a neighbour swaps the two; an id not in the order, or
 * moving onto itself, leaves it as it was (the same array).
 *
 * @example
 * moveLayer(['a', 'b', 'c'], 'a', 'c'); // ['b', 'c', 'a']: a now on top
 */
export function moveLayer(order: readonly string[], id: string, target: string): readonly string[] {
  const from = order.indexOf(id);
  const to = order.indexOf(target);
  if (from < 0 || to < 0 || from === to) return order;
  const next = order.filter((x) => x !== id);
  next.splice(to, 0, id);
  return next;
}

/**
 * The ids of `shown` (some of the draw order), top first, as the layer panel lists them: the
 * neighbours that "move up" and "move down" swap with.
 *
 * @example
 * topFirst(['a', 'b', 'c'], ['c', 'a']); // ['c', 'a']
 */
export function topFirst(order: readonly string[], shown: readonly string[]): string[] {
  const set = new Set(shown);
  return order.filter((id) => set.has(id)).reverse();
}
