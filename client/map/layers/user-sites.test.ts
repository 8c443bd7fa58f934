import { describe, expect, it } from 'vitest';
import { siteRadiusPx } from './user-sites';

describe('siteRadiusPx', () => {
  it("draws one site at the dataset's radius, a group of 1,000 at twice it, and never larger", () => {
    expect(siteRadiusPx(6, 1)).toBe(6);
    expect(siteRadiusPx(6, 10)).toBe(8);
    expect(siteRadiusPx(6, 1000)).toBe(12);
    expect(siteRadiusPx(6, 1_000_000)).toBe(12);
    // a missing count reads as one site
    expect(siteRadiusPx(6, 0)).toBe(6);
  });
});
