import type { PickingInfo } from '@deck.gl/core';
import type { TFunction } from 'i18next';
import { AIRPORTS_LAYER_ID } from '../../map/layers/airports';
import { COUNTRIES_LAYER_ID, type CountryFeature } from '../../map/layers/countries';
import { PLACES_LAYER_ID } from '../../map/layers/places';
import { formatNumber } from '../../lib/format';
import type { AirportData, PlaceData } from './api/layer-queries';
import type { UserPickData } from './use-user-layers';
import type { BoundaryFeature } from '../../map/layers/user-boundaries';
import type { ChoroplethFeature } from '../../map/layers/user-choropleth';
import { DATASET_PREFIX } from '../../lib/url-view';
import type { TileFeatureProperties } from '../../map/layers/tile-layers';

export interface PickDescription {
  /** The first line, in bold. */
  title: string;
  detail?: string;
}

export interface PickContext {
  airports?: AirportData;
  places?: PlaceData;
  /** The user's layers, by layer id (`d:<dataset id>`). */
  userLayers?: Map<string, UserPickData>;
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
  if (id === PLACES_LAYER_ID) {
    const tile = tileProperties(info);
    if (tile) return describePlaceTile(tile, ctx);
    if (!ctx.places || i >= ctx.places.length) return null;
    return {
      title: ctx.t('tooltip.place', { name: ctx.places.names[i] }),
      detail: ctx.t('tooltip.placePopulation', { population: formatNumber(ctx.places.population[i], ctx.lang) }),
    };
  }
  if (id.startsWith(DATASET_PREFIX)) return describeUserPick(info, ctx.userLayers?.get(id), ctx);
  return null;
}

function describeUserPick(info: PickingInfo, layer: UserPickData | undefined, ctx: PickContext): PickDescription | null {
  if (!layer) return null;
  const i = info.index;
  if (layer.kind === 'sites') {
    const tile = tileProperties(info);
    if (tile) {
      const count = aggregateCount(tile);
      if (count) return { title: ctx.t('tooltip.sites', { count, number: formatNumber(count, ctx.lang) }), detail: layer.name };
      return describeSite(tile.name, tile.category, layer.name, ctx);
    }
    if (!layer.names || !layer.categories || i >= layer.names.length) return null;
    return describeSite(layer.names[i], layer.categories[i], layer.name, ctx);
  }
  if (!info.object) return null;
  if (layer.kind === 'boundaries') {
    const { code, name } = (info.object as BoundaryFeature).properties;
    return { title: name || code, detail: ctx.t('tooltip.area', { code, dataset: layer.name }) };
  }
  const { name, code, value, period, indicator } = (info.object as ChoroplethFeature).properties;
  return {
    title: name || code,
    detail: Number.isFinite(value)
      ? ctx.t('tooltip.observation', { value: formatValue(value, ctx.lang), period, indicator })
      : ctx.t('tooltip.noObservation', { indicator }),
  };
}

/** The properties of a feature picked from a tile layer; null for a layer drawn from columns. */
function tileProperties(info: PickingInfo): TileFeatureProperties | null {
  const properties = (info.object as { properties?: TileFeatureProperties } | null | undefined)?.properties;
  return properties && typeof properties === 'object' ? properties : null;
}

/** How many points a tile feature stands for when it is an aggregate of several; null for one point. */
function aggregateCount(properties: TileFeatureProperties): number | null {
  const count = Number(properties.count);
  return count > 1 ? count : null;
}

function describeSite(name: string | number | undefined, category: string | number | undefined, dataset: string, ctx: PickContext): PickDescription {
  const id = String(category ?? '');
  return { title: String(name ?? '') || ctx.t('tooltip.unnamed'), detail: `${ctx.t(`taxonomy.${id}`, { defaultValue: id })} · ${dataset}` };
}

function describePlaceTile(properties: TileFeatureProperties, ctx: PickContext): PickDescription {
  const population = Number(properties.population ?? NaN);
  const count = aggregateCount(properties);
  if (count) {
    return {
      title: ctx.t('tooltip.places', { count, number: formatNumber(count, ctx.lang) }),
      detail: Number.isFinite(population) ? ctx.t('tooltip.placesPopulation', { population: formatNumber(population, ctx.lang) }) : undefined,
    };
  }
  return {
    title: ctx.t('tooltip.place', { name: String(properties.name ?? '') }),
    detail: ctx.t('tooltip.placePopulation', { population: formatNumber(population, ctx.lang) }),
  };
}

function formatValue(x: number, lang: string): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(x);
}
