import { describe, expect, it } from 'vitest';
import { moveLayer, topFirst } from './layer-order';

describe('moveLayer', () => {
  it('puts a layer where its target stood, the target moving one step towards where it came from', () => {
    expect(moveLayer(['a', 'b', 'c', 'd'], 'a', 'c')).toEqual(['b', 'c', 'a', 'd']);
    expect(moveLayer(['a', 'b', 'c', 'd'], 'd', 'b')).toEqual(['a', 'd', 'b', 'c']);
  });

  it('swaps neighbours, which is what "move up" and "move down" do', () => {
    expect(moveLayer(['a', 'b', 'c'], 'b', 'c')).toEqual(['a', 'c', 'b']);
    expect(moveLayer(['a', 'b', 'c'], 'b', 'a')).toEqual(['b', 'a', 'c']);
  });

  it('leaves the order as it was for an unknown layer or a move onto itself', () => {
    const order = ['a', 'b'];
    expect(moveLayer(order, 'x', 'a')).toBe(order);
    expect(moveLayer(order, 'a', 'x')).toBe(order);
    expect(moveLayer(order, 'a', 'a')).toBe(order);
  });

  it('keeps every layer once, whatever the move (every pair of four)', () => {
    const order = ['a', 'b', 'c', 'd'];
    for (const id of order) for (const target of order) {
      const next = moveLayer(order, id, target);
      expect([...next].sort()).toEqual(order);
      expect(next.indexOf(id)).toBe(order.indexOf(target));
    }
  });
});

describe('topFirst', () => {
  it('lists the layers of a group top first, in draw order', () => {
    expect(topFirst(['a', 'b', 'c', 'd'], ['d', 'b', 'x'])).toEqual(['d', 'b']);
  });
});
