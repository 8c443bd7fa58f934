import { describe, expect, it } from 'vitest';
import { chooseLayerSource, TILES_ABOVE_FEATURES } from './layer-source';

describe('chooseLayerSource', () => {
  it('draws a layer of more than 10,000 features from tiles', () => {
    expect(TILES_ABOVE_FEATURES).toBe(10_000);
    expect(chooseLayerSource(10_001)).toBe('tiles');
    // the built-in places
    expect(chooseLayerSource(135_233)).toBe('tiles');
  });

  it('downloads a layer of 10,000 features or fewer whole', () => {
    expect(chooseLayerSource(10_000)).toBe('whole');
    // the built-in airports
    expect(chooseLayerSource(7_184)).toBe('whole');
    expect(chooseLayerSource(0)).toBe('whole');
  });

  it('decides nothing while the count is unknown', () => {
    expect(chooseLayerSource(undefined)).toBeUndefined();
  });
});
