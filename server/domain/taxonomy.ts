/**
 * The risk-site taxonomy of DESIGN.md (from the seed's 2.1, 2.2 and 5.1): categories, the
 * OpenStreetMap tags that identify them, and the action areas and audiences each calls for.
 * The client translates a category by key `taxonomy.<id>`; `label` is for the CLI and CSV only.
 */
import { ACTION_AREA_CODES, AUDIENCES, type ActionAreaCode, type AudienceId } from './action-areas';
import type { Sensitivity } from './types';

/** Matches when `tags[key]` is one of `values`; `with` adds a second tag that must also match. */
export interface TagRule {
  key: string;
  values: readonly string[];
  with?: { key: string; values: readonly string[] };
}

export type CategoryGroup =
  | 'transit' | 'tourism' | 'entertainment' | 'internet-cafe' | 'youth' | 'child-welfare'
  | 'camp' | 'sports' | 'at-risk-community' | 'child-marriage';

export interface RiskSiteCategory {
  id: string;
  group: CategoryGroup;
  /** English name for the CLI and CSV exports. */
  label: string;
  /** OSM tag rules, any of which identifies the category. Empty when `importedOnly`. */
  osm: readonly TagRule[];
  /** Other sources the importers read for this category. */
  otherSources: readonly string[];
  defaultSensitivity: Sensitivity;
  /** No reliable open tag: sites come only from user imports (or, if `derived`, from an indicator). */
  importedOnly: boolean;
  /** Derived from an indicator and a threshold rather than imported as sites. */
  derived: boolean;
  actionAreas: readonly ActionAreaCode[];
  audiences: readonly AudienceId[];
}

const tag = (key: string, ...values: string[]): TagRule => ({ key, values });

// The shape of one table row; fields that are nearly always the same get defaults below.
type Row = Pick<RiskSiteCategory, 'id' | 'group' | 'label' | 'actionAreas' | 'audiences'> &
  Partial<Pick<RiskSiteCategory, 'osm' | 'otherSources' | 'defaultSensitivity' | 'derived'>>;

const TRANSIT_AREAS: ActionAreaCode[] = ['2.1', '2.2'];
const HOSPITALITY_AREAS: ActionAreaCode[] = ['2.1', '2.2', '5.1', '6B.1', '6B.2', '6B.3'];
const VENUE_AREAS: ActionAreaCode[] = ['2.2', '5.1', '6B.1'];

const ROWS: readonly Row[] = [
  { id: 'transit.rail-station', group: 'transit', label: 'Rail station', osm: [tag('railway', 'station', 'halt'), tag('public_transport', 'station')], actionAreas: TRANSIT_AREAS, audiences: ['transport-staff', 'taxi-drivers'] },
  { id: 'transit.bus-station', group: 'transit', label: 'Bus station', osm: [tag('amenity', 'bus_station'), { key: 'public_transport', values: ['station'], with: { key: 'bus', values: ['yes'] } }], actionAreas: TRANSIT_AREAS, audiences: ['transport-staff', 'taxi-drivers'] },
  { id: 'transit.harbour', group: 'transit', label: 'Harbour', osm: [tag('amenity', 'ferry_terminal'), tag('harbour', 'yes'), tag('landuse', 'port')], otherSources: ['Natural Earth ports'], actionAreas: TRANSIT_AREAS, audiences: ['transport-staff', 'taxi-drivers'] },
  { id: 'transit.airport', group: 'transit', label: 'Airport', osm: [tag('aeroway', 'aerodrome')], otherSources: ['Natural Earth airports', 'OpenFlights airports'], actionAreas: ['2.2'], audiences: ['airport-staff', 'transport-staff', 'taxi-drivers'] },
  // A border crossing is the borderland's site: the calls of DESIGN.md's borderland row.
  { id: 'transit.border-crossing', group: 'transit', label: 'Border crossing', osm: [tag('barrier', 'border_control')], actionAreas: ['2.1', '2.2', '4.4'], audiences: ['customs', 'law-enforcement', 'transport-staff'] },
  { id: 'tourism.heritage-site', group: 'tourism', label: 'Heritage site / tourist attraction', osm: [tag('tourism', 'attraction')], otherSources: ['UNESCO World Heritage list'], actionAreas: ['2.1', '2.2', '6B.1'], audiences: ['tour-operators', 'taxi-drivers', 'travellers', 'private-sector'] },
  { id: 'tourism.accommodation', group: 'tourism', label: 'Accommodation', osm: [tag('tourism', 'hotel', 'hostel', 'guest_house', 'motel')], actionAreas: HOSPITALITY_AREAS, audiences: ['hotel-staff', 'tour-operators', 'travellers', 'private-sector'] },
  { id: 'tourism.resort', group: 'tourism', label: 'Resort', osm: [tag('leisure', 'beach_resort')], actionAreas: HOSPITALITY_AREAS, audiences: ['hotel-staff', 'tour-operators', 'travellers', 'private-sector'] },
  { id: 'entertainment.nightlife', group: 'entertainment', label: 'Nightlife venue', osm: [tag('amenity', 'nightclub', 'bar', 'pub', 'stripclub', 'brothel')], actionAreas: VENUE_AREAS, audiences: ['entertainment-sector', 'private-sector'] },
  { id: 'entertainment.massage', group: 'entertainment', label: 'Massage parlour', osm: [tag('shop', 'massage')], actionAreas: VENUE_AREAS, audiences: ['entertainment-sector', 'private-sector'] },
  { id: 'entertainment.casino', group: 'entertainment', label: 'Casino', osm: [tag('amenity', 'casino')], actionAreas: VENUE_AREAS, audiences: ['entertainment-sector', 'private-sector'] },
  { id: 'internet-cafe', group: 'internet-cafe', label: 'Internet café', osm: [tag('amenity', 'internet_cafe')], actionAreas: ['5.1', '6A.1', '8.2'], audiences: ['children-young-people', 'private-sector'] },
  { id: 'youth-gathering', group: 'youth', label: 'Place where young people gather', osm: [tag('amenity', 'school', 'college', 'community_centre'), tag('shop', 'mall')], actionAreas: ['2.1', '8.1', '8.2', '8.4'], audiences: ['children-young-people', 'parents-teachers'] },
  { id: 'child-welfare-institution', group: 'child-welfare', label: 'Child-welfare institution', osm: [tag('social_facility:for', 'orphan', 'child')], defaultSensitivity: 'restricted', actionAreas: ['2.2', '8.1'], audiences: ['child-welfare-staff', 'children-young-people'] },
  { id: 'camp.military', group: 'camp', label: 'Military camp', osm: [tag('landuse', 'military')], actionAreas: ['2.2'], audiences: ['military'] },
  { id: 'camp.humanitarian', group: 'camp', label: 'Humanitarian camp', osm: [tag('amenity', 'refugee_site')], actionAreas: ['2.2'], audiences: ['peacekeepers-humanitarian', 'ngos'] },
  { id: 'sports-venue', group: 'sports', label: 'Sports venue / event', osm: [tag('leisure', 'stadium')], actionAreas: ['2.2'], audiences: ['sporting-event-organisers'] },
  { id: 'low-income-settlement', group: 'at-risk-community', label: 'Low-income settlement', actionAreas: ['2.1', '5.1', '8.1'], audiences: ['children-young-people', 'parents-teachers', 'community-religious-leaders'] },
  { id: 'red-light-district', group: 'at-risk-community', label: 'Red-light district', actionAreas: ['2.1', '4.6', '5.1'], audiences: ['law-enforcement', 'entertainment-sector', 'municipal-councils'] },
  { id: 'trafficking-source-district', group: 'at-risk-community', label: 'Trafficking source district', actionAreas: ['2.1', '5.1', '8.1'], audiences: ['children-young-people', 'parents-teachers', 'community-religious-leaders'] },
  { id: 'high-child-marriage', group: 'child-marriage', label: 'High child-marriage prevalence', derived: true, actionAreas: ['2.1', '2.3', '3.1', '8.1'], audiences: ['community-religious-leaders', 'boys-men', 'children-young-people'] },
];

export const CATEGORIES: readonly RiskSiteCategory[] = ROWS.map((row) => ({
  osm: [],
  otherSources: [],
  defaultSensitivity: 'public',
  derived: false,
  ...row,
  importedOnly: (row.osm ?? []).length === 0,
}));

export const CATEGORY_IDS = CATEGORIES.map((c) => c.id) as unknown as readonly [string, ...string[]];

/** Not a site category but a zone kind that calls for action too (DESIGN.md: borderland → 2.1, 2.2 customs and law enforcement, 4.4). */
export const BORDERLAND_CALLS = {
  id: 'borderland',
  label: 'National borderland',
  actionAreas: ['2.1', '2.2', '4.4'] as readonly ActionAreaCode[],
  audiences: ['customs', 'law-enforcement'] as readonly AudienceId[],
};

const BY_ID = new Map<string, Pick<RiskSiteCategory, 'id' | 'actionAreas' | 'audiences'>>(
  [...CATEGORIES, BORDERLAND_CALLS].map((c) => [c.id, c]),
);

const AUDIENCE_AREAS = new Map<string, readonly string[]>(AUDIENCES.map((a) => [a.id, a.actionAreas]));

/**
 * Look up a category by id.
 *
 * @throws Error when the id is not a category of the taxonomy.
 * @example
 * getCategory('internet-cafe').actionAreas; // ['5.1', '6A.1', '8.2']
 */
export function getCategory(id: string): RiskSiteCategory {
  const category = CATEGORIES.find((c) => c.id === id);
  if (!category) throw new Error(`Unknown taxonomy category '${id}'`);
  return category;
}

// Most specific first. Child-welfare institutions lead so that an orphanage that also carries a
// school or community-centre tag stays restricted instead of being published as a public site;
// camps precede airports (a military airbase is a military site); generic tags come last.
const CLASSIFY_ORDER = [
  'child-welfare-institution', 'camp.humanitarian', 'camp.military',
  'transit.border-crossing', 'transit.airport', 'transit.harbour', 'transit.bus-station', 'transit.rail-station',
  'entertainment.casino', 'entertainment.massage', 'entertainment.nightlife', 'internet-cafe',
  'tourism.resort', 'tourism.accommodation', 'sports-venue', 'youth-gathering', 'tourism.heritage-site',
];
const CLASSIFY_RULES = CLASSIFY_ORDER.map((id) => [id, getCategory(id).osm] as const);

// OSM lists several values with ';' ("social_facility:for=senior;child").
function hasValue(tags: Record<string, string>, key: string, values: readonly string[]): boolean {
  const raw = tags[key];
  if (raw === undefined) return false;
  if (values.includes(raw.trim())) return true;
  return raw.includes(';') && raw.split(';').some((v) => values.includes(v.trim()));
}

/**
 * The taxonomy category of an OpenStreetMap object, or null when no category applies.
 *
 * @example
 * classifyOsmTags({ amenity: 'internet_cafe', name: 'Net Zone' }); // 'internet-cafe'
 */
export function classifyOsmTags(tags: Record<string, string>): string | null {
  for (const [id, rules] of CLASSIFY_RULES) {
    for (const rule of rules) {
      if (hasValue(tags, rule.key, rule.values) && (!rule.with || hasValue(tags, rule.with.key, rule.with.values))) {
        return id;
      }
    }
  }
  return null;
}

export interface ActionAreaSuggestion {
  code: ActionAreaCode;
  /** Audiences that the calling categories name and that the action area's text addresses. */
  audiences: AudienceId[];
  /** The category ids (or 'borderland') that call for this action area. */
  because: string[];
}

/**
 * The action areas the given site categories call for, most called-for first (ties in seed order).
 * Accepts category ids and 'borderland'; repeated ids count once.
 *
 * @throws Error when an id is not in the taxonomy.
 * @example
 * suggestActionAreas(['transit.rail-station']);
 * // [{ code: '2.1', audiences: [], because: ['transit.rail-station'] },
 * //  { code: '2.2', audiences: ['transport-staff', 'taxi-drivers'], because: ['transit.rail-station'] }]
 */
export function suggestActionAreas(categories: string[]): ActionAreaSuggestion[] {
  const byCode = new Map<ActionAreaCode, { audiences: Set<AudienceId>; because: string[] }>();
  for (const id of new Set(categories)) {
    const category = BY_ID.get(id);
    if (!category) throw new Error(`Unknown taxonomy category '${id}'`);
    for (const code of category.actionAreas) {
      let entry = byCode.get(code);
      if (!entry) byCode.set(code, (entry = { audiences: new Set(), because: [] }));
      entry.because.push(id);
      // An audience goes with an action area only when the seed names it there (taxi drivers → 2.2, not 2.1).
      for (const audience of category.audiences) {
        if (AUDIENCE_AREAS.get(audience)?.includes(code)) entry.audiences.add(audience);
      }
    }
  }
  return [...byCode]
    .map(([code, e]) => ({ code, audiences: [...e.audiences], because: e.because }))
    .sort((a, b) => b.because.length - a.because.length || ACTION_AREA_CODES.indexOf(a.code) - ACTION_AREA_CODES.indexOf(b.code));
}
