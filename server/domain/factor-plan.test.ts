import { describe, expect, it } from 'vitest';
import { factorNamesInScope, planFactorRecompute, type FactorVersions } from './factor-plan';

const stored: FactorVersions = {
  format: 2,
  settings: { borderKm: 50, catchmentKm: 10 },
  areas: 'admin1@2026-01-01',
  places: 'places@2026-01-01',
  borders: 'borders@2026-01-01',
  sites: {
    airports: { version: 'v1', categories: ['transit.airport'] },
    hotels: { version: 'v1', categories: ['tourism.accommodation'] },
  },
};
const withChanges = (patch: Partial<FactorVersions>): FactorVersions => ({ ...stored, ...patch });

describe('planFactorRecompute', () => {
  it('does nothing when every version is the same', () => {
    expect(planFactorRecompute(structuredClone(stored), stored)).toEqual({ mode: 'unchanged' });
  });

  it('recomputes everything without stored versions, or when the areas or places changed', () => {
    expect(planFactorRecompute(undefined, stored)).toEqual({ mode: 'full', reason: 'no factors computed yet' });
    // The first format stored the sites as a list: recomputed whole.
    expect(planFactorRecompute({ settings: stored.settings, sites: ['airports@v1'] }, stored).mode).toBe('full');
    expect(planFactorRecompute(stored, withChanges({ areas: 'admin1@2026-02-01' }))).toEqual({ mode: 'full', reason: 'the boundary set changed' });
    expect(planFactorRecompute(stored, withChanges({ places: 'places@2026-02-01' }))).toEqual({ mode: 'full', reason: 'the places layer changed' });
  });

  it("recomputes only a new layer's categories, and the catchment for a transit category", () => {
    const added = withChanges({ sites: { ...stored.sites, harbours: { version: 'v1', categories: ['transit.harbour', 'tourism.accommodation'] } } });
    expect(planFactorRecompute(stored, added)).toEqual({
      mode: 'incremental',
      scope: { categories: ['tourism.accommodation', 'transit.harbour'], borderland: false, catchment: true },
      reasons: ["sites layer 'harbours' added"],
    });
    const hotelsOnly = withChanges({ sites: { ...stored.sites, more: { version: 'v1', categories: ['tourism.accommodation'] } } });
    expect(planFactorRecompute(stored, hotelsOnly)).toMatchObject({ scope: { categories: ['tourism.accommodation'], borderland: false, catchment: false } });
  });

  it('keeps the categories of a removed or hidden layer in scope, so that their counts drop', () => {
    const { hotels: _, ...rest } = stored.sites;
    expect(planFactorRecompute(stored, withChanges({ sites: rest }))).toEqual({
      mode: 'incremental',
      scope: { categories: ['tourism.accommodation'], borderland: false, catchment: false },
      reasons: ["sites layer 'hotels' removed or hidden"],
    });
  });

  it('recomputes one share when its width or the borders change', () => {
    expect(planFactorRecompute(stored, withChanges({ settings: { borderKm: 30, catchmentKm: 10 } }))).toEqual({
      mode: 'incremental',
      scope: { categories: [], borderland: true, catchment: false },
      reasons: ['borderland width 50 → 30 km'],
    });
    expect(planFactorRecompute(stored, withChanges({ settings: { borderKm: 50, catchmentKm: 5 } }))).toMatchObject({ scope: { categories: [], borderland: false, catchment: true } });
    expect(planFactorRecompute(stored, withChanges({ borders: 'borders@2026-02-01' }))).toMatchObject({ scope: { borderland: true, catchment: false } });
  });
});

describe('factorNamesInScope', () => {
  it('names every factor of each category and the shares in scope', () => {
    expect(factorNamesInScope({ categories: ['transit.harbour'], borderland: false, catchment: true })).toEqual([
      'sites-count:transit.harbour', 'sites-per-100k:transit.harbour', 'sites-per-1000km2:transit.harbour', 'nearest-km:transit.harbour', 'transit-catchment-share',
    ]);
  });
});
