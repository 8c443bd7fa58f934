import { describe, expect, it } from 'vitest';
import type { Feature, Geometry } from 'geojson';
import { plot } from './sample-plot';

const feature = (geometry: Geometry | null): Feature<Geometry | null> => ({ type: 'Feature', properties: {}, geometry });

describe('plot', () => {
  it('fits the features inside the plot, north up, with one path of areas', () => {
    const square: Geometry = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };
    const { areas, points } = plot([feature(square), feature({ type: 'Point', coordinates: [0.5, 0.5] })], 100, 100);
    const numbers = areas.match(/-?\d+(\.\d+)?/g)!.map(Number);
    expect(Math.min(...numbers)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...numbers)).toBeLessThanOrEqual(100);
    expect(areas.startsWith('M')).toBe(true);
    expect(areas.endsWith('Z')).toBe(true);
    // the point sits in the middle; y grows downwards, so the north edge is at the top
    expect(points).toEqual([[50, 50]]);
    expect(areas).toMatch(/^M8 92/);
  });

  it('draws nothing for features without geometry', () => {
    expect(plot([feature(null)], 100, 100)).toEqual({ areas: '', lines: '', points: [] });
  });

  it('drops vertices less than a pixel from the previous one', () => {
    const coords = Array.from({ length: 1000 }, (_, i) => [i / 1000, 0]);
    const { lines } = plot([feature({ type: 'LineString', coordinates: [...coords, [1, 1]] })], 100, 100);
    expect(lines.split('L').length).toBeLessThan(100);
  });
});
