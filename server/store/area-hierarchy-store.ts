/**
 * Which areas of other boundary sets lie inside an area, and which contain it: the drill-down
 * from a country to its admin-1 areas and on to admin-2, and the breadcrumbs back up. Two sets
 * nest by parent code when the finer set's parent codes are the coarser set's codes (Natural
 * Earth's admin-1 under world-atlas countries: parent IND), and otherwise by containment: an area
 * is inside another when a point inside it (interior-point.ts) is (Bihar's districts, parent
 * code '10', inside the state IN-BR). Only sets the viewer may see, and not hidden ones.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { Db } from './db';
import { visibleDatasets, type Viewer } from './access';
import { interiorPoint } from '../domain/interior-point';
import { PolygonIndex } from '../domain/polygon-index';

type Bbox = [number, number, number, number];
export type NestLink = 'parent-code' | 'containment';

export interface HierarchyArea {
  boundarySetId: string;
  setName: string;
  code: string;
  name: string;
  level: number;
  bbox: Bbox;
}

export interface ChildGroup {
  boundarySetId: string;
  setName: string;
  level: number;
  linkedBy: NestLink;
  areas: { code: string; name: string; bbox: Bbox }[];
}

/** Breadcrumbs go up at most this many levels (admin-4 to the country). */
const MAX_DEPTH = 6;

export function createAreaHierarchyStore({ db }: Db) {
  /** The boundary sets the viewer may see, with their level. */
  async function setsOf(viewer: Viewer) {
    const rows = await db
      .selectFrom('boundary_sets')
      .innerJoin('datasets', 'datasets.id', 'boundary_sets.dataset_id')
      .select(['boundary_sets.id', 'boundary_sets.name', 'boundary_sets.level'])
      .where(visibleDatasets(viewer))
      .where('datasets.hidden', '=', 0)
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, level: Number(r.level) }));
  }

  async function areaOf(viewer: Viewer, boundarySetId: string, code: string) {
    const r = await db
      .selectFrom('areas')
      .innerJoin('boundary_sets', 'boundary_sets.id', 'areas.boundary_set_id')
      .innerJoin('datasets', 'datasets.id', 'boundary_sets.dataset_id')
      .select(['areas.code', 'areas.name', 'areas.parent_code', 'areas.geometry', 'areas.min_lng', 'areas.min_lat', 'areas.max_lng', 'areas.max_lat', 'boundary_sets.id as set_id', 'boundary_sets.name as set_name', 'boundary_sets.level as set_level'])
      .where('areas.boundary_set_id', '=', boundarySetId)
      .where('areas.code', '=', code)
      .where(visibleDatasets(viewer))
      .executeTakeFirst();
    if (!r) return undefined;
    return {
      boundarySetId: r.set_id, setName: r.set_name, code: r.code, name: r.name || r.code, level: Number(r.set_level), parentCode: r.parent_code,
      bbox: [Number(r.min_lng), Number(r.min_lat), Number(r.max_lng), Number(r.max_lat)] as Bbox, geometry: r.geometry,
    };
  }
  type Found = NonNullable<Awaited<ReturnType<typeof areaOf>>>;

  /** Whether some area of `finerId` names an area of `coarserId` as its parent: then the two sets nest by code alone. */
  async function linksByCode(finerId: string, coarserId: string): Promise<boolean> {
    const hit = await db
      .selectFrom('areas as child')
      .innerJoin('areas as parent', (join) => join.onRef('parent.code', '=', 'child.parent_code').on('parent.boundary_set_id', '=', coarserId))
      .select('child.code')
      .where('child.boundary_set_id', '=', finerId)
      .limit(1)
      .executeTakeFirst();
    return hit !== undefined;
  }

  /** The areas of `setId` inside `parent`: by parent code when the sets link by code, else by containment. */
  async function childrenIn(setId: string, parent: Found): Promise<{ linkedBy: NestLink; areas: ChildGroup['areas'] } | null> {
    if (await linksByCode(setId, parent.boundarySetId)) return childrenByCode(setId, parent);
    return childrenByContainment(setId, parent);
  }

  async function childrenByCode(setId: string, parent: Found): Promise<{ linkedBy: NestLink; areas: ChildGroup['areas'] } | null> {
    const linked = await db
      .selectFrom('areas')
      .select(['code', 'name', 'min_lng', 'min_lat', 'max_lng', 'max_lat'])
      .where('boundary_set_id', '=', setId)
      .where('parent_code', '=', parent.code)
      .orderBy('name')
      .orderBy('code')
      .execute();
    return linked.length ? { linkedBy: 'parent-code', areas: linked.map(toChild) } : null;
  }

  async function childrenByContainment(setId: string, parent: Found): Promise<{ linkedBy: NestLink; areas: ChildGroup['areas'] } | null> {
    const [minLng, minLat, maxLng, maxLat] = parent.bbox;
    const near = await db
      .selectFrom('areas')
      .select(['code', 'name', 'geometry', 'min_lng', 'min_lat', 'max_lng', 'max_lat'])
      .where('boundary_set_id', '=', setId)
      .where('min_lng', '<=', maxLng)
      .where('max_lng', '>=', minLng)
      .where('min_lat', '<=', maxLat)
      .where('max_lat', '>=', minLat)
      .orderBy('name')
      .orderBy('code')
      .execute();
    if (!near.length) return null;
    const index = new PolygonIndex([JSON.parse(parent.geometry) as Polygon | MultiPolygon]);
    const inside = near.filter((r) => {
      const p = interiorPoint(JSON.parse(r.geometry) as Polygon | MultiPolygon);
      return p !== undefined && index.locate(p[0], p[1]) === 0;
    });
    return inside.length ? { linkedBy: 'containment', areas: inside.map(toChild) } : null;
  }

  /** The area of `setId` that holds `child`: the one its parent code names when the sets link by code, else the one containing a point inside it. */
  async function parentIn(setId: string, child: Found): Promise<{ code: string; linkedBy: NestLink } | null> {
    if (await linksByCode(child.boundarySetId, setId)) {
      if (!child.parentCode) return null;
      const named = await db.selectFrom('areas').select('code').where('boundary_set_id', '=', setId).where('code', '=', child.parentCode).executeTakeFirst();
      return named ? { code: named.code, linkedBy: 'parent-code' } : null;
    }
    const p = interiorPoint(JSON.parse(child.geometry) as Polygon | MultiPolygon);
    if (!p) return null;
    const [x, y] = p;
    const rows = await db
      .selectFrom('areas')
      .select(['code', 'geometry'])
      .where('boundary_set_id', '=', setId)
      .where('min_lat', '<=', y)
      .where('max_lat', '>=', y)
      // longitudes of an area across the antimeridian are unwrapped past 180
      .where((eb) => eb.or([eb.and([eb('min_lng', '<=', x), eb('max_lng', '>=', x)]), eb.and([eb('min_lng', '<=', x + 360), eb('max_lng', '>=', x + 360)])]))
      .execute();
    for (const r of rows) {
      const index = new PolygonIndex([JSON.parse(r.geometry) as Polygon | MultiPolygon]);
      if (index.locate(x, y) === 0 || index.locate(x + 360, y) === 0) return { code: r.code, linkedBy: 'containment' };
    }
    return null;
  }

  return {
    /**
     * An area with the areas around it in the nesting: `ancestors` from the coarsest down to its
     * parent (each found in the nearest coarser level that holds it), `children` the areas of the
     * nearest finer level that has any inside it, one group per boundary set of that level.
     * Undefined when there is no such area the viewer may see.
     */
    async hierarchy(viewer: Viewer, boundarySetId: string, code: string) {
      const area = await areaOf(viewer, boundarySetId, code);
      if (!area) return undefined;
      const sets = await setsOf(viewer);
      const levels = [...new Set(sets.map((s) => s.level))].sort((a, b) => a - b);

      const children: ChildGroup[] = [];
      for (const level of levels.filter((l) => l > area.level)) {
        for (const set of sets.filter((s) => s.level === level && s.id !== area.boundarySetId)) {
          const found = await childrenIn(set.id, area);
          if (found) children.push({ boundarySetId: set.id, setName: set.name, level, ...found });
        }
        if (children.length) break;
      }

      const ancestors: (HierarchyArea & { linkedBy: NestLink })[] = [];
      let current: Found = area;
      for (let depth = 0; depth < MAX_DEPTH; depth++) {
        let up: (HierarchyArea & { linkedBy: NestLink; found: Found }) | null = null;
        for (const level of levels.filter((l) => l < current.level).reverse()) {
          for (const set of sets.filter((s) => s.level === level && s.id !== current.boundarySetId)) {
            const parent = await parentIn(set.id, current);
            const found = parent && (await areaOf(viewer, set.id, parent.code));
            if (parent && found) {
              up = { boundarySetId: found.boundarySetId, setName: found.setName, code: found.code, name: found.name, level: found.level, bbox: found.bbox, linkedBy: parent.linkedBy, found };
              break;
            }
          }
          if (up) break;
        }
        if (!up) break;
        const { found, ...crumb } = up;
        ancestors.unshift(crumb);
        current = found;
      }

      const { geometry: _g, parentCode: _p, ...self } = area;
      return { area: self, ancestors, children };
    },
  };
}

function toChild(r: { code: string; name: string; min_lng: number; min_lat: number; max_lng: number; max_lat: number }) {
  return { code: r.code, name: r.name || r.code, bbox: [Number(r.min_lng), Number(r.min_lat), Number(r.max_lng), Number(r.max_lat)] as Bbox };
}

export type AreaHierarchyStore = ReturnType<typeof createAreaHierarchyStore>;
