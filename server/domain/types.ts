import type { MultiPolygon, Polygon, MultiLineString, LineString } from 'geojson';

/** Who may see a record. Every record carries one, with its owning organisation. */
export type Sensitivity = 'public' | 'internal' | 'restricted';
export const SENSITIVITIES: readonly Sensitivity[] = ['public', 'internal', 'restricted'];

/** Longitude, latitude in degrees (WGS 84). Coordinates are [lng, lat] everywhere. */
export type LngLat = [number, number];

/** An administrative unit of a boundary set. */
export interface AreaInput {
  /** ISO 3166-1 alpha-3, ISO 3166-2 or a P-code. */
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
  /** Polygon rings with longitudes unwrapped across ±180° (they may exceed 180). */
  geometry: Polygon | MultiPolygon;
  /** Extra codes (iso2, numeric …) and alternative names. */
  props: Record<string, string | number | null>;
}

export interface SiteInput {
  /** A category id of the risk-site taxonomy (server/domain/taxonomy.ts). */
  category: string;
  name: string;
  lng: number;
  lat: number;
  props: Record<string, string | number | null>;
}

export type BorderGeometry = LineString | MultiLineString;
