import * as z from 'zod/mini';
import { BORDER_KM, BORDER_KM_MAX, BORDER_KM_MIN } from '../../server/domain/zone-widths';
import { COUNTRIES_SET_ID } from '../../data/sources';

/**
 * The view kept in the page's URL, so that a reload or a shared link shows the same map.
 *
 * Format (every parameter optional; a missing one takes its default):
 *   ?v=78.96,22.59,3.5     camera: longitude, latitude (degrees), zoom
 *   &l=countries,borderland  visible layers, comma-separated ids ('l=' hides every layer); a user
 *                          dataset is `d:<dataset id>` (l=countries,d:bihar-districts-a9c8c761)
 *   &bk=50                 borderKm, the borderland zone width in km (5–200; server/domain/zone-widths.ts)
 *   &a=IND                 open area profile: a country's ISO 3166-1 alpha-3, or with `as` an
 *   &as=<boundary set id>    area code of that boundary set (a=IN-BR&as=india-states-1f2e3d4c);
 *                          `as` is left out for the countries
 *   &lang=fr               interface language (en | fr)
 * and for an indicator layer `d:<id>` among them (each optional; text URL-encoded):
 *   &i.<id>=Child%20marriage  the indicator mapped (default: the one with the most rows)
 *   &p.<id>=2019-21        the period shown in every area (default: each area's latest)
 *   &fx.<id>=1             breaks fixed across the indicator's periods
 *   &b.<id>=Anaemia        a second indicator: a bivariate (3 × 3) map of the two
 *   &c.<id>=2015-16        a second period, compared with the first either side of a divider
 * A malformed or unknown value is ignored and reported as a problem; the rest still applies.
 */

export const LAYER_IDS = ['countries', 'borderland', 'airports', 'places'] as const;
export type LayerId = (typeof LAYER_IDS)[number];

/** The prefix of a user dataset's id among the layer ids of a link. */
export const DATASET_PREFIX = 'd:';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Camera {
  lng: number;
  lat: number;
  zoom: number;
}

/** How an indicator layer is drawn: which indicator, which period, compared with what. */
export interface ChoroplethView {
  /** null: the dataset's default indicator. */
  indicator: string | null;
  /** null: each area's latest period. */
  period: string | null;
  /** Breaks of every period together, so that colours compare over time. */
  fixBreaks: boolean;
  /** A second indicator mapped with the first (bivariate), or null. */
  second: string | null;
  /** A second period shown beside the first (swipe), or null. */
  compare: string | null;
}

export const defaultChoroplethView: ChoroplethView = { indicator: null, period: null, fixBreaks: false, second: null, compare: null };

export interface UrlView {
  camera: Camera;
  layers: Record<LayerId, boolean>;
  /** Ids of the user datasets shown on the map, in the order of the link. */
  datasets: string[];
  /** How each indicator layer among `datasets` is drawn, when not the default. */
  choropleths: Record<string, ChoroplethView>;
  borderKm: number;
  /** Code of the open area in `areaSet` (a country's ISO 3166-1 alpha-3), or null. */
  areaCode: string | null;
  /** The boundary set of the open area: the countries' unless the link says `as`. */
  areaSet: string;
  /** null when the link names no language (the browser's language then decides). */
  lang: Language | null;
}

/** What was wrong in a link: an i18n key (under `notice.`) and its values. */
export interface UrlProblem {
  key: 'unknownLayer' | 'unknownDataset' | 'badCamera' | 'badBorderKm' | 'badArea' | 'unknownLanguage' | 'badChoropleth';
  value: string;
}

export const defaultView: UrlView = {
  camera: { lng: 15, lat: 20, zoom: 1.6 },
  layers: { countries: true, borderland: true, airports: true, places: false },
  datasets: [],
  choropleths: {},
  borderKm: BORDER_KM,
  areaCode: null,
  areaSet: COUNTRIES_SET_ID,
  lang: null,
};

const cameraSchema = z.tuple([
  z.number().check(z.gte(-540), z.lte(540)),
  z.number().check(z.gte(-85.06), z.lte(85.06)),
  z.number().check(z.gte(0), z.lte(22)),
]);
const borderKmSchema = z.number().check(z.gte(BORDER_KM_MIN), z.lte(BORDER_KM_MAX));
const areaCodeSchema = z.string().check(z.regex(/^[A-Z]{3}$/));
// an imported set's codes: letters, digits and a few separators ('IN-BR', '10', 'Ward 12')
const setAreaCodeSchema = z.string().check(z.regex(/^[\p{L}\p{N}][\p{L}\p{N} _.:/()'-]{0,199}$/u));
const layerIdSchema = z.enum(LAYER_IDS);
// the server's dataset ids: a slug of the name and a random suffix
const datasetIdSchema = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/));
const languageSchema = z.enum(LANGUAGES);
// an indicator's or a period's name as the import stored it
const nameSchema = z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[^\u0000-\u001f]+$/));
const CHOROPLETH_PARAMS = { i: 'indicator', p: 'period', fx: 'fixBreaks', b: 'second', c: 'compare' } as const;

/** Reads the view from a query string (`location.search`); never throws. */
export function parseViewParams(search: string): { view: UrlView; problems: UrlProblem[] } {
  const params = new URLSearchParams(search);
  const problems: UrlProblem[] = [];
  const view: UrlView = {
    ...defaultView,
    camera: { ...defaultView.camera },
    layers: { ...defaultView.layers },
    datasets: [],
    choropleths: {},
  };

  const v = params.get('v');
  if (v !== null) {
    // an empty part must not become 0
    const parts = v.split(',').map((part) => (part.trim() === '' ? NaN : Number(part)));
    const camera = z.safeParse(cameraSchema, parts);
    if (camera.success) {
      const [lng, lat, zoom] = camera.data;
      view.camera = { lng: wrapLng(lng), lat, zoom };
    } else {
      problems.push({ key: 'badCamera', value: v });
    }
  }

  const l = params.get('l');
  if (l !== null) {
    for (const id of LAYER_IDS) view.layers[id] = false;
    for (const raw of l.split(',')) {
      const id = raw.trim();
      if (id === '') continue;
      if (id.startsWith(DATASET_PREFIX)) {
        const datasetId = z.safeParse(datasetIdSchema, id.slice(DATASET_PREFIX.length));
        if (!datasetId.success) problems.push({ key: 'unknownDataset', value: id.slice(DATASET_PREFIX.length) });
        else if (!view.datasets.includes(datasetId.data)) view.datasets.push(datasetId.data);
        continue;
      }
      const layerId = z.safeParse(layerIdSchema, id);
      if (layerId.success) view.layers[layerId.data] = true;
      else problems.push({ key: 'unknownLayer', value: id });
    }
  }

  // an indicator layer's view: `<key>.<dataset id>`, for a dataset the link shows
  for (const [key, value] of params) {
    const dot = key.indexOf('.');
    const field = dot > 0 ? CHOROPLETH_PARAMS[key.slice(0, dot) as keyof typeof CHOROPLETH_PARAMS] : undefined;
    if (!field) continue;
    const datasetId = key.slice(dot + 1);
    const text = z.safeParse(nameSchema, value.trim());
    const ok = view.datasets.includes(datasetId) && (field === 'fixBreaks' ? value === '1' || value === '0' : text.success);
    if (!ok) {
      problems.push({ key: 'badChoropleth', value: `${key}=${value}` });
      continue;
    }
    const current = view.choropleths[datasetId] ?? { ...defaultChoroplethView };
    view.choropleths[datasetId] = field === 'fixBreaks' ? { ...current, fixBreaks: value === '1' } : { ...current, [field]: text.data };
  }

  const bk = params.get('bk');
  if (bk !== null) {
    const borderKm = z.safeParse(borderKmSchema, bk.trim() === '' ? NaN : Number(bk));
    if (borderKm.success) view.borderKm = Math.round(borderKm.data);
    else problems.push({ key: 'badBorderKm', value: bk });
  }

  const a = params.get('a');
  const as = params.get('as')?.trim();
  if (a !== null && a !== '') {
    if (as && as !== COUNTRIES_SET_ID) {
      const set = z.safeParse(datasetIdSchema, as);
      const code = z.safeParse(setAreaCodeSchema, a.trim());
      if (set.success && code.success) [view.areaCode, view.areaSet] = [code.data, set.data];
      else problems.push({ key: 'badArea', value: `${a} (${as})` });
    } else {
      const areaCode = z.safeParse(areaCodeSchema, a.trim().toUpperCase());
      if (areaCode.success) view.areaCode = areaCode.data;
      else problems.push({ key: 'badArea', value: a });
    }
  }

  const lang = params.get('lang');
  if (lang !== null) {
    const language = z.safeParse(languageSchema, lang.trim().toLowerCase());
    if (language.success) view.lang = language.data;
    else problems.push({ key: 'unknownLanguage', value: lang });
  }

  return { view, problems };
}

/** Writes the view as a query string (with its leading '?'). */
export function formatViewParams(view: UrlView): string {
  const { lng, lat, zoom } = view.camera;
  // about a metre of precision at zoom 22, less when zoomed out: keeps links short
  const digits = Math.min(6, Math.max(2, Math.ceil(zoom / 3) + 1));
  const parts = [
    `v=${round(wrapLng(lng), digits)},${round(lat, digits)},${round(zoom, 2)}`,
    `l=${[...LAYER_IDS.filter((id) => view.layers[id]), ...view.datasets.map((id) => DATASET_PREFIX + id)].join(',')}`,
    `bk=${view.borderKm}`,
  ];
  for (const id of view.datasets) {
    const c = view.choropleths[id];
    if (!c) continue;
    if (c.indicator) parts.push(`i.${id}=${encodeURIComponent(c.indicator)}`);
    if (c.period) parts.push(`p.${id}=${encodeURIComponent(c.period)}`);
    if (c.fixBreaks) parts.push(`fx.${id}=1`);
    if (c.second) parts.push(`b.${id}=${encodeURIComponent(c.second)}`);
    if (c.compare) parts.push(`c.${id}=${encodeURIComponent(c.compare)}`);
  }
  if (view.areaCode) parts.push(`a=${encodeURIComponent(view.areaCode)}`);
  if (view.areaCode && view.areaSet !== COUNTRIES_SET_ID) parts.push(`as=${encodeURIComponent(view.areaSet)}`);
  if (view.lang) parts.push(`lang=${view.lang}`);
  return `?${parts.join('&')}`;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Brings a longitude into [-180, 180). */
function wrapLng(lng: number): number {
  if (lng >= -180 && lng < 180) return lng;
  return ((((lng + 180) % 360) + 360) % 360) - 180;
}
