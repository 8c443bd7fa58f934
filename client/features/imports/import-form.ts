import type { RouterInputs, RouterOutputs } from '../../lib/trpc';

export type Inspection = RouterOutputs['imports']['inspect'];
export type ImportRequest = RouterInputs['imports']['plan']['request'];
export type DatasetKind = ImportRequest['kind'];
export type Sensitivity = NonNullable<ImportRequest['sensitivity']>;

export const KINDS: readonly DatasetKind[] = ['boundaries', 'sites', 'observations', 'interventions'];
export const SENSITIVITIES: readonly Sensitivity[] = ['public', 'internal', 'restricted'];
/** Encodings the server reads; '' lets it detect. */
export const ENCODINGS = ['', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-1'] as const;
export const NUMBER_LOCALES = ['en', 'fr', 'de'] as const;

/** What the wizard's form holds: text as typed, one field per control. */
export interface ImportForm {
  kind: DatasetKind;
  // provenance
  name: string;
  source: string;
  licence: string;
  dataDate: string;
  sensitivity: Sensitivity;
  // text and numbers
  encoding: string;
  locale: (typeof NUMBER_LOCALES)[number];
  // boundaries (nameField serves sites too)
  codeField: string;
  nameField: string;
  parentField: string;
  level: string;
  // sites
  categoryMode: 'fixed' | 'column';
  category: string;
  categoryField: string;
  latField: string;
  lngField: string;
  // observations
  areaField: string;
  layout: 'long' | 'wide';
  valueField: string;
  periodMode: 'column' | 'fixed';
  periodField: string;
  period: string;
  indicatorMode: 'column' | 'fixed';
  indicatorField: string;
  indicator: string;
  unit: string;
  filters: { field: string; equals: string }[];
  joinTo: string;
  joinOn: 'auto' | 'code' | 'name';
  // interventions (a 3W sheet; areaField, joinTo and joinOn as for observations)
  orgField: string;
  activityField: string;
  statusField: string;
  startField: string;
  endField: string;
  titleField: string;
  budgetField: string;
  currencyField: string;
  /** People to reach. */
  reachField: string;
  /** People reached so far. */
  reachedField: string;
}

/** A dataset name from a file name: no extension, separators as spaces. */
export function nameFromFile(fileName: string): string {
  const base = fileName.replace(/\.(gz|zip)$/i, '').replace(/\.[a-z0-9]{1,8}$/i, '').replace(/\.(osm|geo|topo)$/i, '');
  return base.replace(/[_]+/g, ' ').trim() || fileName;
}

// columns that name or code areas, finest units first: a table of districts also has a state column
const AREA_COLUMNS = [
  /^(adm[3-5]|admin[3-5]|commune|municipality|sub-?district|block|ward)/i,
  /^(adm2|admin2|district|county|departement|département)/i,
  /^(adm1|admin1|province|region|région|state|governorate)/i,
  /^(adm0|admin0|country|pays|iso3?$|ref_area)/i,
  /^(area|name|nom|code|pcode)/i,
];

/** The column most likely to hold the areas of a table, finest first; undefined when none looks so. */
export function guessAreaColumn(columns: string[]): string | undefined {
  for (const pattern of AREA_COLUMNS) {
    const found = columns.find((c) => pattern.test(c.trim()));
    if (found) return found;
  }
  return undefined;
}

/** The form as the wizard first shows it: the server's proposals for this file. */
export function initialForm(inspection: Inspection, boundarySetIds: string[] = []): ImportForm {
  const { proposed, columns } = inspection;
  const area = proposed.area;
  const periodColumns = proposed.periodColumns;
  const threeW = proposed.interventions ?? {};
  return {
    kind: proposed.kind,
    name: nameFromFile(inspection.fileName),
    source: '',
    licence: '',
    dataDate: '',
    sensitivity: 'internal',
    encoding: '',
    locale: 'en',
    codeField: area.codeField ?? '',
    nameField: area.nameField ?? '',
    parentField: area.parentField ?? '',
    level: area.level === null ? '1' : String(area.level),
    categoryMode: 'fixed',
    category: '',
    categoryField: '',
    latField: proposed.coordinates?.latField ?? '',
    lngField: proposed.coordinates?.lngField ?? '',
    areaField: threeW.areaField ?? area.codeField ?? area.nameField ?? guessAreaColumn(columns) ?? '',
    layout: periodColumns.length >= 2 ? 'wide' : 'long',
    valueField: '',
    periodMode: 'fixed',
    periodField: '',
    period: '',
    indicatorMode: 'fixed',
    indicator: '',
    indicatorField: '',
    unit: '',
    filters: [],
    joinTo: boundarySetIds.length === 1 ? boundarySetIds[0] : '',
    joinOn: 'auto',
    orgField: threeW.orgField ?? '',
    activityField: threeW.activityField ?? '',
    statusField: threeW.statusField ?? '',
    startField: threeW.startField ?? '',
    endField: threeW.endField ?? '',
    titleField: threeW.titleField ?? '',
    budgetField: threeW.budgetField ?? '',
    currencyField: threeW.currencyField ?? '',
    reachField: threeW.reachField ?? '',
    reachedField: threeW.reachedField ?? '',
  };
}

const blank = (s: string) => (s.trim() === '' ? undefined : s.trim());

/**
 * The request the server takes, from the form and the user's join confirmations (table key →
 * area code; null leaves the key out). Only what the chosen kind reads is sent; an empty
 * control is left out, so the server's proposal applies.
 */
export function toImportRequest(form: ImportForm, matches: Record<string, string | null> = {}): ImportRequest {
  const request: ImportRequest = {
    kind: form.kind,
    name: form.name.trim(),
    source: blank(form.source),
    licence: blank(form.licence),
    dataDate: blank(form.dataDate) ?? null,
    sensitivity: form.sensitivity,
    encoding: blank(form.encoding),
    locale: form.locale,
  };
  if (form.kind === 'boundaries') {
    const level = Number(form.level);
    Object.assign(request, {
      codeField: blank(form.codeField),
      nameField: blank(form.nameField),
      parentField: blank(form.parentField) ?? null,
      level: form.level.trim() !== '' && Number.isInteger(level) ? level : undefined,
    });
  } else if (form.kind === 'sites') {
    Object.assign(
      request,
      form.categoryMode === 'column' ? { categoryField: blank(form.categoryField) } : { category: blank(form.category) },
      { nameField: blank(form.nameField), latField: blank(form.latField), lngField: blank(form.lngField) },
    );
  } else if (form.kind === 'interventions') {
    Object.assign(request, {
      areaField: blank(form.areaField),
      orgField: blank(form.orgField),
      activityField: blank(form.activityField),
      statusField: blank(form.statusField),
      startField: blank(form.startField),
      endField: blank(form.endField),
      titleField: blank(form.titleField),
      budgetField: blank(form.budgetField),
      currencyField: blank(form.currencyField),
      reachField: blank(form.reachField),
      reachedField: blank(form.reachedField),
      filters: form.filters.filter((f) => f.field !== '').map((f) => ({ field: f.field, equals: f.equals })),
      joinTo: blank(form.joinTo),
      joinOn: form.joinOn,
      matches,
    });
  } else {
    Object.assign(request, {
      areaField: blank(form.areaField),
      layout: form.layout,
      unit: form.unit.trim(),
      filters: form.filters.filter((f) => f.field !== '').map((f) => ({ field: f.field, equals: f.equals })),
      joinTo: blank(form.joinTo),
      joinOn: form.joinOn,
      matches,
      ...(form.indicatorMode === 'column' ? { indicatorField: blank(form.indicatorField) } : { indicator: blank(form.indicator) }),
    });
    if (form.layout === 'long') {
      Object.assign(request, {
        valueField: blank(form.valueField),
        ...(form.periodMode === 'column' ? { periodField: blank(form.periodField) } : { period: blank(form.period) }),
      });
    }
  }
  // undefined values are dropped by JSON; keep the object tidy for tests and logs
  for (const key of Object.keys(request) as (keyof ImportRequest)[]) if (request[key] === undefined) delete request[key];
  return request;
}

/** The distinct values of a column among the preview rows, for the filters' suggestions. */
export function previewValues(inspection: Inspection, column: string, max = 50): string[] {
  const i = inspection.columns.indexOf(column);
  if (i < 0) return [];
  const seen = new Set<string>();
  for (const row of inspection.preview) {
    const v = row[i];
    if (v !== undefined && v !== '') seen.add(v);
    if (seen.size >= max) break;
  }
  return [...seen];
}
