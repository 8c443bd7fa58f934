import { describe, expect, it } from 'vitest';
import { metresPerPixel, scaleBar } from './scale-bar';
import { haversineKm } from '../../../server/domain/geodesy';

describe('metresPerPixel', () => {
  it('matches the great-circle length of one pixel along the parallel', () => {
    // brute force: the two longitudes one pixel apart on a Web Mercator map of 512 × 2^zoom px
    for (const [lat, zoom] of [[0, 0], [13, 5.5], [51.5, 10], [-33.9, 14], [70, 3]]) {
      const dLng = 360 / (512 * 2 ** zoom);
      const measured = haversineKm([10, lat], [10 + dLng, lat]) * 1000;
      expect(metresPerPixel(lat, zoom)).toBeCloseTo(measured, 6 - Math.round(Math.log10(measured)));
    }
  });

  it('halves with each zoom level and with the cosine of the latitude', () => {
    expect(metresPerPixel(0, 0)).toBeCloseTo(78_184.0, 0);
    expect(metresPerPixel(0, 1) / metresPerPixel(0, 0)).toBeCloseTo(0.5, 12);
    expect(metresPerPixel(60, 4) / metresPerPixel(0, 4)).toBeCloseTo(0.5, 12);
  });

  it('refuses a latitude beyond the poles', () => {
    expect(() => metresPerPixel(91, 2)).toThrow('latitude 91');
  });
});

describe('scaleBar', () => {
  it('picks the longest 1, 2 or 5 × 10ⁿ distance that fits', () => {
    expect(scaleBar(1000, 120)).toEqual({ metres: 100_000, px: 100, value: 100, unit: 'km' });
    expect(scaleBar(1000, 250)).toEqual({ metres: 200_000, px: 200, value: 200, unit: 'km' });
    expect(scaleBar(1000, 99)).toEqual({ metres: 50_000, px: 50, value: 50, unit: 'km' });
    expect(scaleBar(3, 120)).toEqual({ metres: 200, px: 200 / 3, value: 200, unit: 'm' });
  });

  it('is never longer than asked and at least 40 % of it, over many scales', () => {
    for (let mpp = 0.05; mpp < 1e5; mpp *= 1.37) {
      const bar = scaleBar(mpp, 150);
      expect(bar.px).toBeLessThanOrEqual(150 + 1e-9);
      expect(bar.px).toBeGreaterThanOrEqual(60 - 1e-9);
      expect([1, 2, 5]).toContain(Number((bar.metres / 10 ** Math.floor(Math.log10(bar.metres))).toFixed(6)));
    }
  });

  it('gives the bar of the choropleth test view: Chad at zoom 5.5', () => {
    const bar = scaleBar(metresPerPixel(13, 5.5), 150);
    // 1,683 m per pixel: 150 px is 252 km, so the bar is 200 km, 118.8 px long
    expect(metresPerPixel(13, 5.5)).toBeCloseTo(1683.4, 1);
    expect(bar.metres).toBe(200_000);
    expect(bar.px).toBeCloseTo(118.81, 2);
  });

  it('refuses a scale that is not a positive number', () => {
    expect(() => scaleBar(0, 100)).toThrow('0 metres per pixel');
    expect(() => scaleBar(NaN, 100)).toThrow('metres per pixel');
  });
});
