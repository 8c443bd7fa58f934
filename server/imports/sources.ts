import type { ImportRequestInput } from './import-request';
import type { Table } from '../importers/read-table';
import { findColumn } from '../importers/read-table';
import { COUNTRIES_SET_ID } from '../store/default-data';

/** An official source that `atlas fetch` downloads and imports through the ordinary pipeline. */
export interface OfficialSource {
  id: string;
  title: string;
  url: (opts: { region?: string }) => string;
  fileName: string;
  /** The import choices; column names are resolved against the file (see resolveColumns). */
  request: (table: Pick<Table, 'columns' | 'hxl'> | null) => ImportRequestInput;
}

/** The first of `names` that the table has, or the first name when none matches (its error names it). */
export function pickColumn(table: Pick<Table, 'columns' | 'hxl'> | null, names: string[]): string {
  if (!table) return names[0];
  for (const n of names) {
    const c = findColumn(table, n);
    if (c >= 0) return table.columns[c];
  }
  return names[0];
}

export const OFFICIAL_SOURCES: OfficialSource[] = [
  {
    id: 'unicef-child-marriage',
    title: 'UNICEF: women aged 20–24 first married or in union before age 18 (PT_F_20-24_MRD_U18), SDMX CSV',
    url: () =>
      'https://sdmx.data.unicef.org/ws/public/sdmxapi/rest/data/UNICEF,GLOBAL_DATAFLOW,1.0/.PT_F_20-24_MRD_U18._T?format=csv&labels=id',
    fileName: 'unicef-pt-f-20-24-mrd-u18.csv',
    // UNICEF's SDMX CSV names columns by id (REF_AREA) or by id and label ("REF_AREA:Geographic area");
    // exports made with labels only have "Geographic area".
    request: (table) => ({
      kind: 'observations',
      name: 'Child marriage before 18 (UNICEF, women 20–24)',
      source: 'UNICEF Data Warehouse, indicator PT_F_20-24_MRD_U18',
      licence: 'CC BY 3.0 IGO',
      unit: '%',
      direction: 'higher-more-risk',
      layout: 'long',
      areaField: pickColumn(table, ['REF_AREA', 'REF_AREA:Geographic area', 'Geographic area']),
      periodField: pickColumn(table, ['TIME_PERIOD', 'TIME_PERIOD:Time period']),
      valueField: pickColumn(table, ['OBS_VALUE', 'OBS_VALUE:Observation Value']),
      indicator: 'PT_F_20-24_MRD_U18',
      joinTo: COUNTRIES_SET_ID,
      joinOn: 'auto',
      sensitivity: 'public',
    }),
  },
  {
    id: 'natural-earth-admin1',
    title: 'Natural Earth 1:10m admin-1 states and provinces (GeoJSON)',
    url: () => 'https://raw.githubusercontent.com/nvkelso/natural-earth-vector/master/geojson/ne_10m_admin_1_states_provinces.geojson',
    fileName: 'ne_10m_admin_1_states_provinces.geojson',
    request: () => ({
      kind: 'boundaries',
      name: 'Admin-1 (Natural Earth 1:10m)',
      source: 'Natural Earth 1:10m admin-1 states and provinces',
      licence: 'Public domain',
      codeField: 'iso_3166_2',
      nameField: 'name',
      parentField: 'adm0_a3',
      level: 1,
      sensitivity: 'public',
    }),
  },
  {
    id: 'osm',
    title: 'OpenStreetMap points of interest from a Geofabrik country extract (.osm.pbf), e.g. --region asia/nepal',
    url: ({ region }) => {
      if (!region || !/^[a-z-]+(\/[a-z-]+)*$/.test(region)) throw new Error('Give the extract as --region continent/country, e.g. --region asia/nepal');
      return `https://download.geofabrik.de/${region}-latest.osm.pbf`;
    },
    fileName: 'extract.osm.pbf',
    request: () => ({
      kind: 'sites',
      name: 'OpenStreetMap points of interest',
      source: 'OpenStreetMap contributors, Geofabrik extract',
      licence: 'ODbL 1.0',
      sensitivity: 'public',
    }),
  },
];

export function getSource(id: string): OfficialSource {
  const source = OFFICIAL_SOURCES.find((s) => s.id === id);
  if (!source) throw new Error(`Unknown source '${id}'. Sources: ${OFFICIAL_SOURCES.map((s) => s.id).join(', ')}`);
  return source;
}
