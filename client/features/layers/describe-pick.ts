import type { PickingInfo } from '@deck.gl/core';
import type { TFunction } from 'i18next';
import { AIRPORTS_LAYER_ID } from '../../map/layers/airports';
import { COUNTRIES_LAYER_ID, type CountryFeature } from '../../map/layers/countries';
import { PLACES_LAYER_ID } from '../../map/layers/places';
import { formatNumber } from '../../lib/format';
import type { AirportData, PlaceData } from './api/layer-queries';

export interface PickDescription {
  /** The first line, in bold. */
  title: string;
  detail?: string;
}

export interface PickContext {
  airports?: AirportData;
  places?: PlaceData;
  t: TFunction;
  lang: string;
  countryName: (alpha3: string, fallback: string) => string;
}

/** What the tooltip says about the thing under the pointer; null over nothing we describe. */
export function describePick(info: PickingInfo, ctx: PickContext): PickDescription | null {
  const id = info.layer?.id;
  const i = info.index;
  if (!id || i < 0) return null;

  if (id === COUNTRIES_LAYER_ID && info.object) {
    const { code, name } = (info.object as CountryFeature).properties;
    return { title: ctx.countryName(code, name), detail: ctx.t('tooltip.countryHint') };
  }
  if (id === AIRPORTS_LAYER_ID && ctx.airports && i < ctx.airports.length) {
    const name = ctx.airports.names[i];
    const iata = ctx.airports.iata[i];
    return { title: iata ? ctx.t('tooltip.airport', { name, iata }) : name, detail: ctx.t('tooltip.airportKind') };
  }
  if (id === PLACES_LAYER_ID && ctx.places && i < ctx.places.length) {
    return {
      title: ctx.t('tooltip.place', { name: ctx.places.names[i] }),
      detail: ctx.t('tooltip.placePopulation', { population: formatNumber(ctx.places.population[i], ctx.lang) }),
    };
  }
  return null;
}
