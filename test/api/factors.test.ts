import { describe, expect, it } from 'vitest';
import { apiClient } from './client';

const api = apiClient();

describe('factors over HTTP', () => {
  it('computes factors for every country and stores them with their sources', async () => {
    const result = await api.factors.compute.mutate({ boundarySetId: 'world-atlas-50m-admin0', borderKm: 50, catchmentKm: 10 });
    expect(result.areas).toBe(241);
    expect(result.versions.settings).toEqual({ borderKm: 50, catchmentKm: 10 });
    expect(result.versions.sites).toEqual(expect.arrayContaining([expect.stringMatching(/^default-airports@/)]));

    const nepal = await api.factors.get.query({ boundarySetId: 'world-atlas-50m-admin0', code: 'NPL' });
    const value = (factor: string, category: string | null = null) => nepal.values.find((v) => v.factor === factor && v.category === category)?.value;
    // Consistent with the country profile, which counts by the same point-in-polygon attribution.
    const profile = await api.areas.profile.query({ code: 'NPL', borderKm: 50 });
    expect(value('sites-count', 'transit.airport')).toBeLessThanOrEqual(profile.airportsCount);
    expect(value('sites-count', 'transit.airport')).toBeGreaterThan(20);
    // The profile's area was computed before coordinates were rounded to 1e-5° for storage.
    expect(Math.abs(value('area-km2')! / profile.borderland.areaKm2 - 1)).toBeLessThan(1e-5);
    expect(Math.abs(value('borderland-share')! - profile.borderland.share)).toBeLessThan(0.02);
    expect(value('nearest-km', 'transit.airport')).toBe(0);
    const per100k = value('sites-per-100k', 'transit.airport')!;
    expect(per100k).toBeCloseTo((value('sites-count', 'transit.airport')! / value('population-geonames')!) * 1e5, 9);
    expect(nepal.values.find((v) => v.factor === 'borderland-share')!.unit).toBe('share 0–1');

    // An island: no land border.
    const iceland = await api.factors.get.query({ boundarySetId: 'world-atlas-50m-admin0', code: 'ISL' });
    expect(iceland.values.find((v) => v.factor === 'borderland-share')!.value).toBe(0);
  });

  it('says what is missing for an unknown set or area', async () => {
    await expect(api.factors.compute.mutate({ boundarySetId: 'nope' })).rejects.toThrow("No boundary set 'nope'");
    await expect(api.factors.get.query({ boundarySetId: 'world-atlas-50m-admin0', code: 'ZZZ' })).rejects.toThrow("No area 'ZZZ'");
  });
});
