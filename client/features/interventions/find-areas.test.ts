import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { findAreas } from './find-areas';
import { toListInput, NO_FILTER } from './list-filter';

const areas: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    { code: 'NPL', name: 'Nepal' },
    { code: 'CIV', name: "Côte d'Ivoire" },
    { code: 'NER', name: 'Niger' },
    { code: 'NGA', name: 'Nigeria' },
    { code: 'IND', name: 'India' },
  ].map((p) => ({ type: 'Feature', properties: p, geometry: { type: 'Point', coordinates: [0, 0] } })),
};

describe('finding an area', () => {
  it('puts an exact code first, then names that start with the text', () => {
    expect(findAreas(areas, 'ner').map((a) => a.code)).toEqual(['NER']);
    expect(findAreas(areas, 'nig').map((a) => a.code)).toEqual(['NER', 'NGA']);
    expect(findAreas(areas, 'ni').map((a) => a.code)).toEqual(['NER', 'NGA']);
  });

  it('ignores case and accents, and finds names that contain the text', () => {
    expect(findAreas(areas, 'cote')[0]).toEqual({ code: 'CIV', name: "Côte d'Ivoire" });
    expect(findAreas(areas, 'PAL').map((a) => a.code)).toEqual(['NPL']);
    expect(findAreas(areas, '  ')).toEqual([]);
  });
});

describe('the table filters', () => {
  it('send only what is set, and no action area outside the chosen strategy', () => {
    expect(toListInput(NO_FILTER)).toEqual({ limit: 500 });
    expect(toListInput({ ...NO_FILTER, strategy: '2', actionArea: '5.1', status: 'ongoing', partner: '  ngo ', from: '2026-01-01', to: '2026-1' })).toEqual({
      strategy: '2', status: ['ongoing'], partner: 'ngo', from: '2026-01-01', limit: 500,
    });
    expect(toListInput({ ...NO_FILTER, strategy: '6', actionArea: '6B.2', audience: 'hotel-staff' })).toEqual({ strategy: '6', actionArea: '6B.2', audience: 'hotel-staff', limit: 500 });
  });
});
