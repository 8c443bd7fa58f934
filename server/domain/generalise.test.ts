import { describe, expect, it } from 'vitest';
import { cellToLatLng, latLngToCell } from 'h3-js';
import { generaliseSites } from './generalise';

describe('generaliseSites', () => {
  const sites = {
    names: ['Sample A', 'Sample B', 'Sample C', 'Sample D'],
    categories: ['child-welfare-institution', 'child-welfare-institution', 'transit.harbour', 'child-welfare-institution'],
    // A and B close together, C not restricted, D far away
    coordinates: [85.3, 27.7, 85.3005, 27.7004, 85.31, 27.71, 80.1, 20.2],
  };
  const restricted = [true, true, false, true];

  it('keeps sites that are not restricted as they are and puts the others at their H3 cell centres with protected counts', () => {
    const out = generaliseSites(sites, restricted, { resolution: 5, k: 10 });
    expect(out.names.slice(0, 1)).toEqual(['Sample C']);
    expect(out.coordinates.slice(0, 2)).toEqual([85.31, 27.71]);
    const cellAB = latLngToCell(27.7, 85.3, 5);
    const cellD = latLngToCell(20.2, 80.1, 5);
    expect(out.generalised).toEqual({ resolution: 5, k: 10, cells: 2 });
    const cells = out.cells.slice(1);
    expect(cells.sort()).toEqual([cellAB, cellD].sort());
    for (let i = 1; i < out.names.length; i++) {
      const [lat, lng] = cellToLatLng(out.cells[i]);
      expect([out.coordinates[2 * i], out.coordinates[2 * i + 1]]).toEqual([lng, lat]);
      expect(out.names[i]).toBe('');
      // 2 sites and 1 site: both under k, shown as <10 standing for 0
      expect([out.counts[i], out.below[i]]).toEqual([0, 10]);
    }
  });

  it('publishes a cell of k or more rounded down to a multiple of k', () => {
    const n = 23;
    const many = { names: Array.from({ length: n }, (_, i) => `Sample ${i}`), categories: Array(n).fill('child-welfare-institution'), coordinates: Array.from({ length: n }, (_, i) => [85.3 + i * 1e-5, 27.7]).flat() };
    const out = generaliseSites(many, Array(n).fill(true), { resolution: 5, k: 10 });
    expect(out.counts).toEqual([20]);
    expect(out.below).toEqual([0]);
  });

  it('orders cells by cell id, whatever the order the sites came in', () => {
    const a = generaliseSites(sites, restricted, { resolution: 5, k: 10 });
    const reversed = { names: [...sites.names].reverse(), categories: [...sites.categories].reverse(), coordinates: [80.1, 20.2, 85.31, 27.71, 85.3005, 27.7004, 85.3, 27.7] };
    const b = generaliseSites(reversed, [...restricted].reverse(), { resolution: 5, k: 10 });
    expect(b.cells.filter(Boolean)).toEqual(a.cells.filter(Boolean));
  });
});
