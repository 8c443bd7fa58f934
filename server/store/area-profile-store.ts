/**
 * The profile of one area of any boundary set, in one read: its indicators with every period and
 * their rank among the set's other areas, the sites inside it by category (counts protected by
 * disclosure.ts), its zone shares, its risk score and the interventions that target it. And the
 * search over the names the atlas holds (areas of every set, places, sites), from the database —
 * no geocoding service. Every read takes the viewer and returns only what access.ts lets them see.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { Db } from './db';
import { canSee, hasClearance, visibleDatasets, type Viewer, suppressionKOf } from './access';
import type { FactorsStore } from './factors-store';
import type { RiskStore } from './risk-store';
import type { InterventionsStore } from './interventions-store';
import { protectCount } from '../domain/disclosure';
import { BORDER_KM } from '../domain/zone-widths';
import { rankAmongPeers, sortPeriods, type PeerRank } from '../domain/peer-rank';
import { foldName, rankMatches } from '../domain/search-match';
import { PolygonIndex } from '../domain/polygon-index';
import { zoneShares } from '../domain/zone-shares';
import { DEMAND_FOR_SEC_ID } from '../domain/risk/demand-for-sec';
import type { Sensitivity } from '../domain/types';

export interface ProfileOptions {
  /** Width of the borderland zone whose share is given. @default 50 */
  borderKm?: number;
  /** The risk model scored. @default the built-in model */
  modelId?: string;
  /**
   * Whether to score the area's risk: scoring reads every area of the set, so a panel that
   * opens at once asks without it and gets the score through {@link risk} afterwards. @default true
   */
  risk?: boolean;
}

export interface ProfileIndicator {
  id: string;
  name: string;
  unit: string;
  direction: string;
  source: string;
  datasetId: string;
  datasetName: string;
  sensitivity: Sensitivity;
  /** Every period of this area, in trend order (sortPeriods), each with its rank among the set's areas. */
  periods: { period: string; value: number; lower: number | null; upper: number | null; rank: PeerRank | null }[];
}

export interface ProfileSites {
  category: string;
  /** null when under the small-count threshold for this viewer. */
  count: number | null;
  below?: number;
  roundedTo?: number;
}

/** What a search finds, without its match quality. */
export type SearchTarget =
  | { kind: 'area'; name: string; boundarySetId: string; setName: string; code: string; level: number; bbox: [number, number, number, number] }
  | { kind: 'place'; name: string; id: number; country: string; population: number; lng: number; lat: number; /** The country holding it (built-in set), when known. */ areaCode: string | null }
  | { kind: 'site'; name: string; id: number; category: string; datasetName: string; lng: number; lat: number; areaCode: string | null };
/** A search result; `quality` as matchQuality (0 the whole name … 3 inside it). */
export type SearchResult = SearchTarget & { quality: number };

interface DatasetGuard {
  id: string;
  org_id: string;
  sensitivity: Sensitivity;
  clearance_roles: string;
  name: string;
  kind: string;
  version: number | string;
  imported_at: string;
  hidden: number | string;
}

type IndexEntry = { key: string; weight: number; name: string; result: SearchTarget; restricted: boolean };

export interface AreaProfileStoreDeps {
  factors: FactorsStore;
  risk: RiskStore;
  interventions: InterventionsStore;
  borderlandZone(radiusKm: number): Promise<Polygon | MultiPolygon>;
}

/** One dataset's names, kept while its version and import time stay the same. */
const INDEX_KINDS = new Set(['boundaries', 'places', 'sites']);

export function createAreaProfileStore({ db }: Db, deps: AreaProfileStoreDeps) {
  const indexes = new Map<string, { stamp: string; entries: Promise<IndexEntry[]> }>();

  function suppressionK(orgId: string): Promise<number> {
    return suppressionKOf(db, orgId);
  }

  /** The area with its set, when the viewer may see the set; undefined otherwise. */
  async function areaOf(viewer: Viewer, boundarySetId: string, code: string) {
    return db
      .selectFrom('areas')
      .innerJoin('boundary_sets', 'boundary_sets.id', 'areas.boundary_set_id')
      .innerJoin('datasets', 'datasets.id', 'boundary_sets.dataset_id')
      .select([
        'areas.code', 'areas.name', 'areas.level', 'areas.parent_code', 'areas.geometry', 'areas.min_lng', 'areas.min_lat', 'areas.max_lng', 'areas.max_lat',
        'areas.area_km2', 'boundary_sets.id as set_id', 'boundary_sets.name as set_name', 'boundary_sets.level as set_level', 'datasets.source as set_source',
      ])
      .where('areas.boundary_set_id', '=', boundarySetId)
      .where('areas.code', '=', code)
      .where(visibleDatasets(viewer))
      .executeTakeFirst();
  }

  /** Every imported indicator of the area (not the derived factors), each period ranked among the set's areas. */
  async function indicatorsOf(viewer: Viewer, boundarySetId: string, code: string): Promise<ProfileIndicator[]> {
    const own = await db
      .selectFrom('observations')
      .innerJoin('indicators', 'indicators.id', 'observations.indicator_id')
      .innerJoin('datasets', 'datasets.id', 'observations.dataset_id')
      .select([
        'indicators.id', 'indicators.name', 'indicators.unit', 'indicators.direction', 'indicators.source', 'datasets.id as dataset_id', 'datasets.name as dataset_name',
        'datasets.sensitivity', 'observations.period', 'observations.value', 'observations.lower', 'observations.upper',
      ])
      .where('observations.boundary_set_id', '=', boundarySetId)
      .where('observations.area_code', '=', code)
      .where('datasets.kind', '=', 'observations')
      .where(visibleDatasets(viewer))
      .execute();
    if (own.length === 0) return [];
    const ids = [...new Set(own.map((r) => r.id))];
    // the peers: every area of the set with a value of the same indicator and period
    const peers = new Map<string, number[]>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom('observations')
        .select(['indicator_id', 'period', 'value'])
        .where('boundary_set_id', '=', boundarySetId)
        .where('indicator_id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) {
        const key = `${r.indicator_id}\u0000${r.period}`;
        let list = peers.get(key);
        if (!list) peers.set(key, (list = []));
        list.push(Number(r.value));
      }
    }
    const byId = new Map<string, ProfileIndicator>();
    for (const r of own) {
      let ind = byId.get(r.id);
      if (!ind) {
        byId.set(r.id, (ind = {
          id: r.id, name: r.name, unit: r.unit, direction: r.direction, source: r.source, datasetId: r.dataset_id, datasetName: r.dataset_name,
          sensitivity: r.sensitivity, periods: [],
        }));
      }
      const value = Number(r.value);
      ind.periods.push({
        period: r.period, value, lower: r.lower === null ? null : Number(r.lower), upper: r.upper === null ? null : Number(r.upper),
        rank: rankAmongPeers(value, peers.get(`${r.id}\u0000${r.period}`) ?? []),
      });
    }
    const list = [...byId.values()];
    for (const ind of list) {
      const order = sortPeriods(ind.periods.map((p) => p.period));
      ind.periods.sort((a, b) => order.indexOf(a.period) - order.indexOf(b.period));
    }
    return list.sort((a, b) => (a.datasetName < b.datasetName ? -1 : a.datasetName > b.datasetName ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Sites of the datasets the viewer may see that lie inside the area, by category. A category
   * holding any site the viewer is not cleared for (an internal or restricted site or dataset,
   * without clearance) is given as a protected count with its owner's k.
   */
  async function sitesOf(viewer: Viewer, area: { geometry: string; min_lng: number; min_lat: number; max_lng: number; max_lat: number }) {
    const [minLng, minLat, maxLng, maxLat] = [Number(area.min_lng), Number(area.min_lat), Number(area.max_lng), Number(area.max_lat)];
    // longitudes of an area across the antimeridian are unwrapped past 180: look on both sides
    const ranges: [number, number][] = [[Math.max(-180, minLng), Math.min(180, maxLng)]];
    if (maxLng > 180) ranges.push([-180, maxLng - 360]);
    if (minLng < -180) ranges.push([minLng + 360, 180]);
    const rows = await db
      .selectFrom('sites')
      .innerJoin('datasets', 'datasets.id', 'sites.dataset_id')
      .select(['sites.category', 'sites.lng', 'sites.lat', 'sites.sensitivity as site_sensitivity', 'datasets.id as dataset_id', 'datasets.org_id', 'datasets.sensitivity', 'datasets.clearance_roles'])
      .where(visibleDatasets(viewer))
      .where('datasets.hidden', '=', 0)
      .where('sites.lat', '>=', minLat)
      .where('sites.lat', '<=', maxLat)
      .where((eb) => eb.or(ranges.map(([a, b]) => eb.and([eb('sites.lng', '>=', a), eb('sites.lng', '<=', b)]))))
      .execute();
    const index = new PolygonIndex([JSON.parse(area.geometry) as Polygon | MultiPolygon]);
    const byCategory = new Map<string, { count: number; protectedBy: Set<string> }>();
    const cleared = new Map<string, boolean>();
    for (const r of rows) {
      if (index.locate(Number(r.lng), Number(r.lat)) !== 0) continue;
      let c = byCategory.get(r.category);
      if (!c) byCategory.set(r.category, (c = { count: 0, protectedBy: new Set() }));
      c.count++;
      if (r.site_sensitivity !== 'public' || r.sensitivity !== 'public') {
        let ok = cleared.get(r.dataset_id);
        if (ok === undefined) cleared.set(r.dataset_id, (ok = hasClearance(viewer, r)));
        if (!ok) c.protectedBy.add(r.org_id);
      }
    }
    const out: ProfileSites[] = [];
    let k: number | null = null;
    for (const [category, c] of byCategory) {
      if (c.protectedBy.size === 0) {
        out.push({ category, count: c.count });
        continue;
      }
      let kHere = 0;
      for (const org of c.protectedBy) kHere = Math.max(kHere, await suppressionK(org));
      k = Math.max(k ?? 0, kHere);
      const p = protectCount(c.count, kHere);
      out.push({ category, count: p.value, ...(p.below ? { below: p.below } : {}), ...(p.roundedTo ? { roundedTo: p.roundedTo } : {}) });
    }
    out.sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
    return { categories: out, protected: k === null ? null : { k } };
  }

  /** The area's score in a model, or why there is none, with the restricted datasets it read (audited). */
  async function riskOf(viewer: Viewer, boundarySetId: string, code: string, modelId: string) {
    const { sources, ...score } = await deps.risk.areaScore(viewer, modelId, boundarySetId, code);
    return { ...score, restrictedSources: sources.filter((s) => s.sensitivity === 'restricted').map((s) => s.datasetId) };
  }

  /** The names of one dataset for the search, from the database. */
  async function entriesOf(d: DatasetGuard): Promise<IndexEntry[]> {
    if (d.kind === 'boundaries') {
      const rows = await db
        .selectFrom('areas')
        .innerJoin('boundary_sets', 'boundary_sets.id', 'areas.boundary_set_id')
        .select(['areas.code', 'areas.name', 'areas.level', 'areas.props', 'areas.min_lng', 'areas.min_lat', 'areas.max_lng', 'areas.max_lat', 'boundary_sets.id as set_id', 'boundary_sets.name as set_name'])
        .where('boundary_sets.dataset_id', '=', d.id)
        .execute();
      const out: IndexEntry[] = [];
      for (const r of rows) {
        const result = {
          kind: 'area' as const, name: r.name || r.code, boundarySetId: r.set_id, setName: r.set_name, code: r.code, level: Number(r.level),
          bbox: [Number(r.min_lng), Number(r.min_lat), Number(r.max_lng), Number(r.max_lat)] as [number, number, number, number],
        };
        // coarser areas first among equal matches: a country before a district of the same name
        const weight = 10 - Number(r.level);
        out.push({ key: foldName(result.name), weight, name: result.name, result, restricted: false });
        if (r.code !== r.name) out.push({ key: foldName(r.code), weight, name: result.name, result, restricted: false });
        const alt = (JSON.parse(r.props) as { altNames?: unknown }).altNames;
        if (typeof alt === 'string') for (const a of alt.split('|').filter(Boolean)) out.push({ key: foldName(a), weight, name: result.name, result, restricted: false });
      }
      return out;
    }
    if (d.kind === 'places') {
      const rows = await db.selectFrom('places').select(['id', 'name', 'country_iso2', 'population', 'lng', 'lat', 'area_code']).where('dataset_id', '=', d.id).execute();
      return rows.map((r) => ({
        key: foldName(r.name), weight: Number(r.population), name: r.name, restricted: false,
        result: { kind: 'place' as const, id: Number(r.id), name: r.name, country: r.country_iso2, population: Number(r.population), lng: Number(r.lng), lat: Number(r.lat), areaCode: r.area_code },
      }));
    }
    const rows = await db.selectFrom('sites').select(['id', 'name', 'category', 'lng', 'lat', 'sensitivity', 'area_code']).where('dataset_id', '=', d.id).where('name', '!=', '').execute();
    return rows.map((r) => ({
      key: foldName(r.name), weight: 0, name: r.name, restricted: r.sensitivity === 'restricted' || d.sensitivity === 'restricted',
      result: { kind: 'site' as const, id: Number(r.id), name: r.name, category: r.category, datasetName: d.name, lng: Number(r.lng), lat: Number(r.lat), areaCode: r.area_code },
    }));
  }

  return {
    /** Everything the profile shows about one area, or undefined when there is no such area the viewer may see. */
    async profile(viewer: Viewer, boundarySetId: string, code: string, options: ProfileOptions = {}) {
      const area = await areaOf(viewer, boundarySetId, code);
      if (!area) return undefined;
      const borderKm = options.borderKm ?? BORDER_KM;
      const geometry = JSON.parse(area.geometry) as Polygon | MultiPolygon;
      const [indicators, sites, zone, factors, risk, interventions] = await Promise.all([
        indicatorsOf(viewer, boundarySetId, code),
        sitesOf(viewer, area),
        deps.borderlandZone(borderKm),
        deps.factors.get(viewer, boundarySetId, code),
        options.risk === false ? null : riskOf(viewer, boundarySetId, code, options.modelId ?? DEMAND_FOR_SEC_ID),
        deps.interventions.list(viewer, { area: { boundarySetId, code }, limit: 200 }),
      ]);
      const borderland = zoneShares([geometry], zone)[0];
      const storedShares = (factors?.values ?? []).filter((v) => v.factor.endsWith('-share') && v.factor !== 'borderland-share');
      return {
        area: {
          boundarySetId: area.set_id, setName: area.set_name, setLevel: Number(area.set_level), code: area.code, name: area.name, level: Number(area.level),
          parentCode: area.parent_code, areaKm2: Number(area.area_km2),
          bbox: [Number(area.min_lng), Number(area.min_lat), Number(area.max_lng), Number(area.max_lat)] as [number, number, number, number],
        },
        indicators,
        sites: sites.categories,
        sitesProtected: sites.protected,
        zones: [
          { zone: 'borderland', radiusKm: borderKm, share: Number.isFinite(borderland.share) ? borderland.share : null, insideKm2: borderland.insideKm2 },
          ...storedShares.map((v) => ({ zone: v.factor.replace(/-share$/, ''), radiusKm: null as number | null, share: v.value, insideKm2: null as number | null })),
        ],
        factorsComputedAt: factors?.computedAt ?? null,
        risk,
        interventions: interventions.map((i) => ({
          id: i.id, title: i.title, actionArea: i.actionArea, strategy: i.strategy, status: i.status, partner: i.partner, startDate: i.startDate, endDate: i.endDate, orgId: i.orgId,
        })),
      };
    },

    /** The area's risk score in a model (the built-in one by default), or undefined when there is no such area the viewer may see. */
    async risk(viewer: Viewer, boundarySetId: string, code: string, modelId?: string) {
      if (!(await areaOf(viewer, boundarySetId, code))) return undefined;
      return riskOf(viewer, boundarySetId, code, modelId ?? DEMAND_FOR_SEC_ID);
    },

    /**
     * Areas of every boundary set, places and sites whose name (or an area's code or alternative
     * name) matches, best match first (rankMatches), from the datasets the viewer may see; names
     * of restricted sites only for viewers cleared for them.
     */
    async search(viewer: Viewer, query: string, limit = 12): Promise<SearchResult[]> {
      const datasets = (await db
        .selectFrom('datasets')
        .select(['id', 'org_id', 'sensitivity', 'clearance_roles', 'name', 'kind', 'version', 'imported_at', 'hidden'])
        .where('kind', 'in', [...INDEX_KINDS])
        .execute()) as DatasetGuard[];
      const live = new Set(datasets.map((d) => d.id));
      for (const id of indexes.keys()) if (!live.has(id)) indexes.delete(id);
      const lists: { entries: IndexEntry[]; cleared: boolean }[] = [];
      for (const d of datasets) {
        if (!canSee(viewer, d) || Number(d.hidden)) continue;
        const stamp = `${d.version}|${d.imported_at}|${d.name}`;
        let hit = indexes.get(d.id);
        if (!hit || hit.stamp !== stamp) {
          hit = { stamp, entries: entriesOf(d) };
          indexes.set(d.id, hit);
          hit.entries.catch(() => indexes.delete(d.id));
        }
        lists.push({ entries: await hit.entries, cleared: hasClearance(viewer, d) });
      }
      function* candidates() {
        for (const l of lists) for (const e of l.entries) if (!e.restricted || l.cleared) yield e;
      }
      const ranked = rankMatches(candidates(), query, limit * 4);
      // one result per thing found, at its best match (an area found by its name and its code)
      const seen = new Set<string>();
      const out: SearchResult[] = [];
      for (const r of ranked) {
        const id = r.result.kind === 'area' ? `a:${r.result.boundarySetId}:${r.result.code}` : `${r.result.kind}:${r.result.id}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ ...r.result, quality: r.quality });
        if (out.length >= limit) break;
      }
      return out;
    },
  };
}

export type AreaProfileStore = ReturnType<typeof createAreaProfileStore>;
