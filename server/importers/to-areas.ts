import type { MultiPolygon, Polygon } from 'geojson';
import type { AreaInput } from '../domain/types';
import { capIssues, errorIssue, warningIssue, type ImportIssue } from './import-error';
import type { ImportedFeature } from './read-geojson';
import { featureLabel } from './validate-geometry';

/** Which properties hold an area's code, name and parent code, as proposed to the user. */
export interface AreaFields {
  codeField: string | null;
  nameField: string | null;
  parentField: string | null;
  /** Administrative level the code field suggests (0 country, 1, 2 …), or null. */
  level: number | null;
}

// known code fields, finest first within a family; level is what the field says about the unit
const codeFields: { name: string; level: number | null; parent?: string[] }[] = [
  { name: 'adm3_pcode', level: 3, parent: ['adm2_pcode'] },
  { name: '#adm3+code', level: 3, parent: ['#adm2+code'] },
  { name: 'adm2_pcode', level: 2, parent: ['adm1_pcode'] },
  { name: '#adm2+code', level: 2, parent: ['#adm1+code'] },
  { name: 'dt_code', level: 2, parent: ['st_code'] },
  { name: 'gid_2', level: 2, parent: ['gid_1'] },
  { name: 'adm1_pcode', level: 1, parent: ['adm0_pcode', 'iso3'] },
  { name: '#adm1+code', level: 1, parent: ['#country+code'] },
  { name: 'iso_3166_2', level: 1, parent: ['adm0_a3', 'iso_a2', 'iso_a3'] },
  { name: 'shapeiso', level: null },
  { name: 'gid_1', level: 1, parent: ['gid_0'] },
  { name: 'adm1_code', level: 1, parent: ['adm0_a3'] },
  { name: 'adm0_a3', level: 0 },
  { name: 'iso_a3', level: 0 },
  { name: 'iso3', level: 0 },
  { name: 'adm0_pcode', level: 0 },
  { name: '#country+code', level: 0 },
  { name: 'gid_0', level: 0 },
  { name: 'pcode', level: null },
  { name: 'code', level: null },
];

const nameFields = [
  'name', 'name_en', 'adm3_en', 'adm2_en', 'adm1_en', 'adm0_en', '#adm3+name', '#adm2+name', '#adm1+name', '#country+name',
  'shapename', 'name_2', 'name_1', 'name_0', 'district', 'ward_name', 'label_en', 'st_nm', 'admin', 'country',
];

/**
 * Proposes the code, name and parent fields of a boundary file from its properties: known names
 * first (iso_3166_2, ADM1_PCODE, dt_code, ISO_A3, #adm1+code …), preferring the most nearly
 * unique code field, then any unique field whose name says code or id. HXL tags count as names.
 *
 * @example
 * proposeAreaFields(features.map((f) => f.properties)) // { codeField: 'dt_code', nameField: 'district', … }
 */
export function proposeAreaFields(properties: Record<string, unknown>[], options: { hxl?: Record<string, string> } = {}): AreaFields {
  const fields = [...new Set(properties.flatMap((p) => Object.keys(p ?? {})))];
  // a field is known by its own name or by its HXL tag
  const aliases = (field: string) => [field.toLowerCase(), options.hxl?.[field]?.toLowerCase() ?? ''].filter(Boolean);
  const find = (wanted: string) => fields.find((f) => aliases(f).some((a) => a === wanted || (wanted.startsWith('#') && a.startsWith(`${wanted}+`))));
  const stats = (field: string) => {
    const values = properties.map((p) => p?.[field]).filter((v) => v !== null && v !== undefined && String(v).trim() !== '' && String(v) !== '-99');
    return { filled: values.length / Math.max(properties.length, 1), unique: new Set(values.map(String)).size / Math.max(values.length, 1) };
  };

  let best: { field: string; level: number | null; parent?: string[]; score: number } | null = null;
  codeFields.forEach((known, rank) => {
    const field = find(known.name);
    if (!field) return;
    const { filled, unique } = stats(field);
    // uniqueness matters most; the list order breaks ties (finest level first)
    const score = filled * unique - rank * 1e-3;
    if (filled >= 0.5 && (!best || score > best.score)) best = { field, level: known.level, parent: known.parent, score };
  });
  if (!best) {
    const field = fields.find((f) => /(code|pcode|iso|(^|_)id)$/i.test(f) && stats(f).unique === 1 && stats(f).filled >= 0.95);
    if (field) best = { field, level: null, score: 0 };
  }
  const chosen = best as { field: string; level: number | null; parent?: string[] } | null;
  const nameField = nameFields.map(find).find((f): f is string => f !== undefined && stats(f).filled >= 0.5)
    ?? fields.find((f) => /name/i.test(f) && stats(f).filled >= 0.5) ?? null;
  const parentField = chosen?.parent?.map(find).find((f): f is string => f !== undefined) ?? null;
  return { codeField: chosen?.field ?? null, nameField, parentField, level: chosen?.level ?? null };
}

export interface ToAreasOptions {
  codeField: string;
  nameField: string;
  parentField?: string | null;
  level: number;
  /** Used in messages. @default 'the file' */
  fileName?: string;
  /** Indices of features left out without a word here: their problem was reported already (validateFeatures). @default none */
  leaveOut?: ReadonlySet<number>;
}

/**
 * Turns (validated) polygon features into areas. A feature with no code, a code used twice or a
 * geometry that is not a polygon is left out and reported as an error naming the feature; a
 * missing name is a warning (the code stands in).
 *
 * @example
 * toAreas(features, { codeField: 'dt_code', nameField: 'district', parentField: 'st_code', level: 2 })
 */
export function toAreas(features: ImportedFeature[], options: ToAreasOptions): { areas: AreaInput[]; issues: ImportIssue[] } {
  const { codeField, nameField, parentField, level } = options;
  const fileName = options.fileName ?? 'the file';
  const issues: ImportIssue[] = [];
  const areas: AreaInput[] = [];
  const firstByCode = new Map<string, number>();
  const reserved = new Set([codeField, nameField, parentField ?? '']);
  features.forEach((feature, i) => {
    if (options.leaveOut?.has(i)) return;
    const props = feature.properties ?? {};
    const label = featureLabel(feature, i);
    const geometry = feature.geometry;
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
      issues.push(errorIssue('wrong-geometry-type', `${fileName}: ${label} is ${geometry ? `a ${geometry.type}` : 'without geometry'}; an area needs a Polygon or MultiPolygon`, { feature: i }));
      return;
    }
    const code = textOf(props[codeField]);
    if (code === '') {
      issues.push(errorIssue('missing-value', `${fileName}: ${label} has no code in field "${codeField}"`, { feature: i, field: codeField }));
      return;
    }
    const first = firstByCode.get(code);
    if (first !== undefined) {
      issues.push(errorIssue('duplicate-code', `${fileName}: ${label} has the code "${code}" in field "${codeField}", already used by feature ${first}`, { feature: i, field: codeField }));
      return;
    }
    firstByCode.set(code, i);
    let name = textOf(props[nameField]);
    if (name === '') {
      issues.push(warningIssue('missing-value', `${fileName}: ${label} has no name in field "${nameField}"; its code "${code}" is used as the name`, { feature: i, field: nameField }));
      name = code;
    }
    const parent = parentField ? textOf(props[parentField]) : '';
    const extra: AreaInput['props'] = {};
    for (const [key, value] of Object.entries(props)) if (!reserved.has(key)) extra[key] = propValue(value);
    areas.push({ code, name, level, parentCode: parent === '' ? null : parent, geometry: geometry as Polygon | MultiPolygon, props: extra });
  });
  return { areas, issues: capIssues(issues) };
}

function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).trim();
}

function propValue(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
