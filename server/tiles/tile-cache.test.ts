import { describe, expect, it } from 'vitest';
import { TileCache } from './tile-cache';

describe('TileCache', () => {
  it('evicts the least recently used entries beyond its bytes', () => {
    const cache = new TileCache<string>(100);
    cache.set('a', 'A', 40);
    cache.set('b', 'B', 40);
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C', 40);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')).toBe('C');
    expect(cache.get('a')).toBe('A');
    expect(cache.bytes).toBe(80);
    cache.grow('a', 30);
    expect(cache.get('c')).toBeUndefined();
    expect(cache.bytes).toBe(70);
  });

  it('clears the entries of a prefix', () => {
    const cache = new TileCache<number>(1000);
    cache.set('places\n1', 1, 10);
    cache.set('places\n2', 2, 10);
    cache.set('airports\n1', 3, 10);
    cache.clear('places\n');
    expect([cache.get('places\n1'), cache.get('places\n2'), cache.get('airports\n1')]).toEqual([undefined, undefined, 3]);
    expect(cache.bytes).toBe(10);
  });
});
