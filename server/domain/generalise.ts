import { cellToLatLng, latLngToCell } from 'h3-js';
import { protectCount } from './disclosure';

/** Sites as columns: what datasets.features returns for a sites dataset. */
export interface SiteColumns {
  names: string[];
  categories: string[];
  /** lng, lat interleaved. */
  coordinates: number[];
}

/** Generalised sites: each restricted site replaced by its H3 cell, with protected counts. */
export interface GeneralisedSites extends SiteColumns {
  /** Sites each feature stands for: 1 for a site shown as it is; for a cell the protected count (0 when under k). */
  counts: number[];
  /** For a cell under k: k (shown as `<k`); 0 otherwise. */
  below: number[];
  /** The H3 cell of a generalised feature; '' for a site shown as it is. */
  cells: string[];
  generalised: { resolution: number; k: number; cells: number };
}

/**
 * Restricted sites as viewers without clearance get them: one feature per H3 cell and category at
 * the cell's centre, with no name, standing for the protected count of the sites in it
 * (disclosure.ts). Every aggregate made later from these features (tiles, exports) is a sum of
 * published values, so it reveals nothing the cells do not.
 *
 * @example
 * const out = generaliseSites({ names: ['A', 'B'], categories: ['c', 'c'], coordinates: [10, 45, 10.001, 45.001] }, [true, true], { resolution: 5, k: 10 });
 * out.names.length // → 1 (one cell); out.counts // → [0]; out.below // → [10]
 */
export function generaliseSites(sites: SiteColumns, restricted: ArrayLike<boolean>, { resolution, k }: { resolution: number; k: number }): GeneralisedSites {
  const out: GeneralisedSites = { names: [], categories: [], coordinates: [], counts: [], below: [], cells: [], generalised: { resolution, k, cells: 0 } };
  const groups = new Map<string, { cell: string; category: string; n: number }>();
  for (let i = 0; i < sites.names.length; i++) {
    const lng = sites.coordinates[2 * i];
    const lat = sites.coordinates[2 * i + 1];
    if (!restricted[i]) {
      out.names.push(sites.names[i]);
      out.categories.push(sites.categories[i]);
      out.coordinates.push(lng, lat);
      out.counts.push(1);
      out.below.push(0);
      out.cells.push('');
      continue;
    }
    const cell = latLngToCell(lat, lng, resolution);
    const key = `${cell}|${sites.categories[i]}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { cell, category: sites.categories[i], n: 1 });
  }
  // in cell order, so that the output says nothing of the order the sites were stored in
  for (const g of [...groups.values()].sort((a, b) => (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : a.category < b.category ? -1 : 1))) {
    const [lat, lng] = cellToLatLng(g.cell);
    const shown = protectCount(g.n, k);
    out.names.push('');
    out.categories.push(g.category);
    out.coordinates.push(lng, lat);
    out.counts.push(shown.value ?? 0);
    out.below.push(shown.below ?? 0);
    out.cells.push(g.cell);
  }
  out.generalised.cells = groups.size;
  return out;
}
