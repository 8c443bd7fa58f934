import { Readable } from 'node:stream';
import type { OSMOptions } from 'osm-pbf-parser-node';
import { classifyOsmTags } from '../domain/taxonomy';
import type { SiteInput } from '../domain/types';
import { ImportError, errorIssue, warningIssue, type ImportIssue } from './import-error';

/** The bytes of an .osm.pbf file, or a function that opens a fresh stream of them (read up to three times). */
export type OsmPbfSource = Uint8Array | (() => AsyncIterable<Uint8Array>);

export interface ReadOsmPbfOptions {
  /** Maps OSM tags to a taxonomy category id, or null to skip. @default classifyOsmTags */
  classify?: (tags: Record<string, string>) => string | null;
  /** @default 'the extract' */
  fileName?: string;
}

export interface OsmPbfSites {
  sites: SiteInput[];
  /** Why tagged objects did not become sites: no category for their tags, or none of their nodes in the extract. */
  skipped: { unclassified: number; 'no-coordinates': number };
  issues: ImportIssue[];
}

interface OsmNode { type: 'node'; id: number; lat: number; lon: number; tags?: Record<string, string> }
interface OsmWay { type: 'way'; id: number; refs: number[]; tags?: Record<string, string> }
interface OsmRelation { type: 'relation'; id: number; members: { type: string; ref: number; role: string }[]; tags?: Record<string, string> }
type OsmItem = OsmNode | OsmWay | OsmRelation | { type?: undefined };

interface Kept {
  kind: 'way' | 'relation';
  id: number;
  tags: Record<string, string>;
  category: string;
  nodeRefs: number[];
  wayRefs: number[];
}

/**
 * Reads points of interest from an OpenStreetMap .osm.pbf extract: tagged nodes, ways and relations
 * that `classify` puts in a category become sites; a way or relation sits at the centroid of its
 * nodes. Memory stays small: node coordinates are kept only for nodes of kept ways and relations,
 * at the cost of a second pass (and a third when relations need their member ways).
 *
 * @example
 * const { sites, skipped } = await readOsmPbf(bytes);
 */
export async function readOsmPbf(source: OsmPbfSource, options: ReadOsmPbfOptions = {}): Promise<OsmPbfSites> {
  const classify = options.classify ?? classifyOsmTags;
  const fileName = options.fileName ?? 'the extract';
  const open = typeof source === 'function' ? source : () => [source];
  const skipped = { unclassified: 0, 'no-coordinates': 0 };
  const sites: SiteInput[] = [];
  const kept: Kept[] = [];

  // pass 1: classify every tagged object; points become sites at once
  for await (const item of readItems(open, { withTags: true }, fileName)) {
    if (!item.type || !item.tags) continue;
    const category = classify(item.tags);
    if (category === null) {
      skipped.unclassified++;
      continue;
    }
    if (item.type === 'node') sites.push(toSite(category, item.tags, `node/${item.id}`, item.lon, item.lat));
    else if (item.type === 'way') kept.push({ kind: 'way', id: item.id, tags: item.tags, category, nodeRefs: item.refs, wayRefs: [] });
    else {
      // outer rings only when the relation says which ways are outer
      const ways = item.members.filter((m) => m.type === 'way');
      const outer = ways.some((m) => m.role === 'outer') ? ways.filter((m) => m.role === 'outer') : ways;
      const nodes = item.members.filter((m) => m.type === 'node').map((m) => m.ref);
      kept.push({ kind: 'relation', id: item.id, tags: item.tags, category, nodeRefs: nodes, wayRefs: outer.map((m) => m.ref) });
    }
  }

  // pass 2 (only for relations): the node lists of their member ways
  const wayNodes = new Map<number, number[]>();
  const wanted = new Set(kept.flatMap((k) => k.wayRefs));
  if (wanted.size > 0) {
    for await (const item of readItems(open, { withTags: false }, fileName)) {
      if (item.type === 'way' && wanted.has(item.id)) wayNodes.set(item.id, item.refs);
    }
  }

  // last pass: coordinates of the nodes that kept ways and relations use
  const needed = new Set<number>();
  for (const k of kept) {
    for (const ref of k.nodeRefs) needed.add(ref);
    for (const w of k.wayRefs) for (const ref of wayNodes.get(w) ?? []) needed.add(ref);
  }
  const coords = new Map<number, [number, number]>();
  if (needed.size > 0) {
    for await (const item of readItems(open, { withTags: false }, fileName)) {
      if (item.type === 'node' && needed.has(item.id)) coords.set(item.id, [item.lon, item.lat]);
    }
  }

  for (const k of kept) {
    const refs = new Set([...k.nodeRefs, ...k.wayRefs.flatMap((w) => wayNodes.get(w) ?? [])]);
    let x = 0;
    let y = 0;
    let n = 0;
    // a set: a closed way repeats its first node, which would pull the centroid towards it
    for (const ref of refs) {
      const c = coords.get(ref);
      if (!c) continue;
      x += c[0];
      y += c[1];
      n++;
    }
    if (n === 0) {
      skipped['no-coordinates']++;
      continue;
    }
    sites.push(toSite(k.category, k.tags, `${k.kind}/${k.id}`, x / n, y / n));
  }

  const issues: ImportIssue[] = [];
  if (skipped['no-coordinates'] > 0) {
    issues.push(warningIssue('empty-geometry', `${fileName}: ${skipped['no-coordinates']} ways or relations were skipped because none of their nodes is in the extract`));
  }
  return { sites, skipped, issues };
}

function toSite(category: string, tags: Record<string, string>, osmId: string, lng: number, lat: number): SiteInput {
  const name = tags.name ?? tags['name:en'] ?? tags.brand ?? tags.operator ?? '';
  return { category, name, lng, lat, props: { ...tags, osm_id: osmId } };
}

async function* readItems(open: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts: OSMOptions, fileName: string): AsyncGenerator<OsmItem> {
  // loaded on first use, like exceljs in read-table.ts
  const { OSMTransform } = await import('osm-pbf-parser-node');
  const parser = Readable.from(open()).pipe(new OSMTransform(opts));
  try {
    for await (const batch of parser as AsyncIterable<OsmItem[]>) yield* batch;
  } catch (e) {
    throw new ImportError(errorIssue('unrecognised-format', `${fileName} could not be read as an OSM PBF extract (${(e as Error).message}); is it truncated?`));
  }
}
