import { describe, expect, it } from 'vitest';
import { isCurrencyCode } from './currencies';

describe('isCurrencyCode', () => {
  it('knows the currencies in use and nothing made up or withdrawn', () => {
    expect(['USD', 'EUR', 'XOF', 'NPR', 'INR', 'BRL', 'PHP'].every(isCurrencyCode)).toBe(true);
    expect(['ABC', 'XYZ', 'usd', 'US', 'FRF', 'DEM', ''].some(isCurrencyCode)).toBe(false);
  });
});
