import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MultiPolygon } from 'geojson';
import { useTRPC, type RouterOutputs } from '../../../lib/trpc';
import type { CountryCollection } from '../../../map/layers/countries';
import { placeRadiusM } from '../../../map/layers/places';

type Outputs = RouterOutputs['layers'];

export interface AirportData {
  length: number;
  positions: Float64Array;
  names: string[];
  iata: string[];
}

export interface PlaceData {
  length: number;
  positions: Float64Array;
  radiiM: Float32Array;
  names: string[];
  population: number[];
}

// the layers change only on re-import: keep them for the whole visit
const forever = { staleTime: Infinity, gcTime: Infinity } as const;

/** The layer list: id, feature count, source and licence of each. */
export function useLayerList() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.layers.list.queryOptions(), ...forever });
}

/** Countries, always loaded: they are what the user clicks to open a profile. */
export function useCountries() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.layers.countries.queryOptions(), ...forever, select: asCountries });
}

/**
 * The borderland zone at a width, fetched once the layer is first shown. While another width
 * loads, the zone of the previous one stays (`isPlaceholderData`), so the map never goes blank.
 */
export function useBorderlandZone(radiusKm: number, enabled: boolean) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.layers.borderlandZone.queryOptions({ radiusKm }),
    // a zone is ≈ 2 MB of coordinates: widths left behind are dropped after a while
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    enabled,
    placeholderData: keepPreviousData,
    select: toZoneGeometry,
  });
}

/** Airports as typed columns, fetched once the layer is first shown. */
export function useAirports(enabled: boolean) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.layers.airports.queryOptions(), ...forever, enabled, select: toAirportData });
}

/** ≈135,000 places as typed columns, fetched only once the layer is first shown. */
export function usePlaces(enabled: boolean) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.layers.places.queryOptions(), ...forever, enabled, select: toPlaceData });
}

// select functions live at module level so TanStack Query runs each once per response

function asCountries(data: Outputs['countries']): CountryCollection {
  return data as unknown as CountryCollection;
}

function toZoneGeometry(data: Outputs['borderlandZone']): MultiPolygon {
  return data.geometry as MultiPolygon;
}

function toAirportData(data: Outputs['airports']): AirportData {
  const length = Math.min(data.names.length, data.coordinates.length >> 1);
  return {
    length,
    positions: Float64Array.from(data.coordinates.slice(0, 2 * length)),
    names: data.names,
    iata: data.iata,
  };
}

function toPlaceData(data: Outputs['places']): PlaceData {
  const length = Math.min(data.names.length, data.population.length, data.coordinates.length >> 1);
  const radiiM = new Float32Array(length);
  for (let i = 0; i < length; i++) radiiM[i] = placeRadiusM(data.population[i]);
  return {
    length,
    positions: Float64Array.from(data.coordinates.length === 2 * length ? data.coordinates : data.coordinates.slice(0, 2 * length)),
    radiiM,
    names: data.names,
    population: data.population,
  };
}
