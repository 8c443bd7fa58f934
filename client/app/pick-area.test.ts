import { describe, expect, it } from 'vitest';
import type { PickingInfo } from '@deck.gl/core';
import { COUNTRIES_SET_ID } from '../../data/sources';
import { COUNTRIES_LAYER_ID } from '../map/layers/countries';
import { areaLayerSets, areaOfPick } from './pick-area';

const pick = (layerId: string, code: unknown) => ({ layer: { id: layerId }, object: { properties: { code } } }) as unknown as PickingInfo;

describe('areaOfPick', () => {
  const sets = areaLayerSets(
    new Map([
      ['d:states', { kind: 'boundaries' as const, name: 'States', boundarySetId: 'states' }],
      ['d:rates', { kind: 'observations' as const, name: 'Rates', boundarySetId: 'states' }],
      ['d:sites', { kind: 'sites' as const, name: 'Sites' }],
    ]),
    { layerId: 'd:factor:districts:sites-count', boundarySetId: 'districts' },
  );

  it('gives the boundary set each area layer draws, and none for sites', () => {
    expect([...sets]).toEqual([[COUNTRIES_LAYER_ID, COUNTRIES_SET_ID], ['d:states', 'states'], ['d:rates', 'states'], ['d:factor:districts:sites-count', 'districts']]);
  });

  it('opens the picked area of its set, a numeric code as text', () => {
    expect(areaOfPick(pick(COUNTRIES_LAYER_ID, 'BRA'), sets)).toEqual({ setId: COUNTRIES_SET_ID, code: 'BRA' });
    expect(areaOfPick(pick('d:rates', 'IN-BR'), sets)).toEqual({ setId: 'states', code: 'IN-BR' });
    expect(areaOfPick(pick('d:factor:districts:sites-count', 209), sets)).toEqual({ setId: 'districts', code: '209' });
  });

  it('opens nothing for a site, an unknown layer or an area without a code', () => {
    expect(areaOfPick(pick('d:sites', 'x'), sets)).toBeNull();
    expect(areaOfPick(pick('airports', 'x'), sets)).toBeNull();
    expect(areaOfPick(pick('d:states', ''), sets)).toBeNull();
    expect(areaOfPick({ layer: null, object: null } as unknown as PickingInfo, sets)).toBeNull();
  });
});
