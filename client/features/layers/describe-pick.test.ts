import { describe, expect, it } from 'vitest';
import i18next, { type TFunction } from 'i18next';
import type { PickingInfo } from '@deck.gl/core';
import en from '../../locales/en.json';
import fr from '../../locales/fr.json';
import { describePick, type PickContext } from './describe-pick';
import { PLACES_LAYER_ID } from '../../map/layers/places';
import type { UserPickData } from './use-user-layers';

async function contextIn(lang: 'en' | 'fr', userLayers?: Map<string, UserPickData>): Promise<PickContext> {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { en: { translation: en }, fr: { translation: fr } }, lng: lang, interpolation: { escapeValue: false } });
  return { t: i18n.t as TFunction, lang, countryName: (_code, name) => name, userLayers };
}

// what deck.gl's MVTLayer gives for a picked tile feature: the top-level layer and a GeoJSON feature
function tilePick(layerId: string, properties: Record<string, string | number>): PickingInfo {
  return {
    layer: { id: layerId },
    index: 7,
    picked: true,
    object: { type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties },
  } as unknown as PickingInfo;
}

describe('describePick over tiles', () => {
  it('gives a places aggregate its count and summed population', async () => {
    const pick = tilePick(PLACES_LAYER_ID, { count: 1234, population: 5_678_901 });
    expect(describePick(pick, await contextIn('en'))).toEqual({ title: '1,234 places', detail: 'Combined population 5,678,901' });
    // French groups digits with a narrow no-break space
    expect(describePick(pick, await contextIn('fr'))).toEqual({
      title: '1\u202f234 lieux',
      detail: 'Population cumulée 5\u202f678\u202f901',
    });
  });

  it('uses the plural forms of each language, French "de" for millions included', async () => {
    const en = await contextIn('en');
    const fr = await contextIn('fr');
    expect(describePick(tilePick(PLACES_LAYER_ID, { count: 2, population: 3000 }), en)?.title).toBe('2 places');
    expect(describePick(tilePick(PLACES_LAYER_ID, { count: 1_000_000, population: 3000 }), fr)?.title).toBe('1\u202f000\u202f000 de lieux');
  });

  it('names a single place from a tile, as from the downloaded columns', async () => {
    // an aggregate of one point carries the point's own properties
    const asPoint = { name: 'Ouagadougou', population: 1_086_505 };
    for (const properties of [asPoint, { ...asPoint, count: 1 }]) {
      expect(describePick(tilePick(PLACES_LAYER_ID, properties), await contextIn('en'))).toEqual({
        title: 'Ouagadougou',
        detail: 'Population 1,086,505',
      });
    }
  });

  it('gives a sites aggregate its count and the dataset, a single site its name and category', async () => {
    const layers = new Map<string, UserPickData>([['d:shelters', { kind: 'sites', name: 'Shelters 2024' }]]);
    const ctx = await contextIn('en', layers);
    expect(describePick(tilePick('d:shelters', { count: 25_000 }), ctx)).toEqual({ title: '25,000 sites', detail: 'Shelters 2024' });
    expect(describePick(tilePick('d:shelters', { name: 'Gare du Nord', category: 'transit.rail-station' }), ctx)).toEqual({
      title: 'Gare du Nord',
      detail: 'Rail station · Shelters 2024',
    });
    expect(describePick(tilePick('d:shelters', { category: 'transit.rail-station' }), ctx)?.title).toBe('Unnamed site');
  });

  it('still reads the columns of places downloaded whole', async () => {
    const ctx = await contextIn('en');
    const places = { length: 1, positions: new Float64Array([2.35, 48.85]), radiiM: new Float32Array([1]), names: ['Paris'], population: [2_138_551] };
    const pick = { layer: { id: PLACES_LAYER_ID }, index: 0, picked: true, object: null } as unknown as PickingInfo;
    expect(describePick(pick, { ...ctx, places })).toEqual({ title: 'Paris', detail: 'Population 2,138,551' });
  });
});
