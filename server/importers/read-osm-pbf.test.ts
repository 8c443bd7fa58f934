import { createReadStream } from 'node:fs';
import { expect, it } from 'vitest';
import { ImportError } from './import-error';
import { readOsmPbf } from './read-osm-pbf';
import { caught } from '../../test/helpers/caught';
import { describeWithSharedData, readSharedData, sharedDataPath } from '../../test/helpers/shared-data';

const pbf = 'osm/monaco-2022-12-30.osm.pbf';
const pois = 'osm/monaco-2022-12-30-pois.geojson';

// osmium ids of the derived file: n<id> a node, a<2·id> a way, a<2·id+1> a relation
function osmId(id: string): string {
  const n = Number(id.slice(1));
  if (id[0] === 'n') return `node/${n}`;
  return n % 2 === 0 ? `way/${n / 2}` : `relation/${(n - 1) / 2}`;
}

describeWithSharedData('readOsmPbf', [pbf, pois], async () => {
  const { sites, skipped, issues } = await readOsmPbf(readSharedData(pbf), { fileName: 'monaco.osm.pbf' });
  const byTag = (key: string, value: string) => sites.filter((s) => s.props[key] === value);

  it('classifies the 20 hotels as accommodation, nodes and buildings alike', () => {
    const hotels = byTag('tourism', 'hotel');
    expect(hotels).toHaveLength(20);
    expect(new Set(hotels.map((s) => s.category))).toEqual(new Set(['tourism.accommodation']));
    expect(hotels.find((s) => s.name === 'Hôtel de Paris')?.props.osm_id).toBe('relation/8280869');
    expect(hotels.find((s) => s.name === 'Metropole')?.props.osm_id).toBe('node/267885777');
  });

  it('finds the railway station where OSM has it', () => {
    const station = sites.filter((s) => s.category === 'transit.rail-station');
    expect(station).toHaveLength(1);
    expect(station[0]).toMatchObject({ name: 'Monaco - Monte Carlo', lng: 7.4194857, lat: 43.7382552 });
  });

  it('matches the tag counts of the osmium-derived POI file for the tags both select', () => {
    const counts = (key: string, value: string) => byTag(key, value).length;
    // README: amenity=bar 16, pub 3, casino 3, nightclub 2, ferry_terminal 1; railway=station 1
    expect([counts('amenity', 'bar'), counts('amenity', 'pub'), counts('amenity', 'casino'), counts('amenity', 'nightclub'), counts('amenity', 'ferry_terminal'), counts('railway', 'station')]).toEqual([16, 3, 3, 2, 1, 1]);
    // README has tourism=attraction 8: osmium dropped "Champions Promenade", an open way, which is a site here
    expect(byTag('tourism', 'attraction').map((s) => s.props.osm_id)).toContain('way/444269554');
    expect(counts('tourism', 'attraction')).toBe(9);
  });

  it('contains every feature of the derived file whose tags have a category, and only categories it lacks besides', async () => {
    const derived = JSON.parse(new TextDecoder().decode(readSharedData(pois)));
    const { classifyOsmTags } = await import('../domain/taxonomy');
    const ours = new Map(sites.map((s) => [s.props.osm_id, s]));
    const expected = derived.features.filter((f: { properties: Record<string, string> }) => classifyOsmTags(f.properties) !== null);
    expect(expected).toHaveLength(53);
    for (const f of expected) expect(ours.get(osmId(f.id))?.category, f.id).toBe(classifyOsmTags(f.properties));
    const theirs = new Set(derived.features.map((f: { id: string }) => osmId(f.id)));
    const extra = sites.filter((s) => !theirs.has(s.props.osm_id as string));
    // schools, a mall, the Louis II stadium and the open-way attraction: tags the README's selection left out
    expect(extra.map((s) => s.category).sort()).toEqual([...Array(11).fill('youth-gathering'), 'sports-venue', 'tourism.heritage-site'].sort());
    expect(sites).toHaveLength(53 + 13);
  });

  it('places buildings and multipolygons at the centroid of their nodes, within 100 m of the derived polygons', () => {
    const derived = JSON.parse(new TextDecoder().decode(readSharedData(pois)));
    const areas = derived.features.filter((f: { geometry: { type: string } }) => f.geometry.type === 'MultiPolygon');
    expect(areas).toHaveLength(20);
    const ours = new Map(sites.map((s) => [s.props.osm_id, s]));
    for (const f of areas) {
      // mean of the outer rings' distinct vertices, as the importer computes it
      const ring: number[][] = f.geometry.coordinates.flatMap((polygon: number[][][]) => polygon[0].slice(0, -1));
      const [x, y] = [ring.reduce((a, p) => a + p[0], 0) / ring.length, ring.reduce((a, p) => a + p[1], 0) / ring.length];
      const site = ours.get(osmId(f.id));
      if (!site) continue; // marinas and the heliport have no category
      const metres = Math.hypot((site.lng - x) * 111_320 * Math.cos((y * Math.PI) / 180), (site.lat - y) * 110_540);
      expect(metres, `${f.id} ${f.properties.name}`).toBeLessThan(100);
    }
  });

  it('counts what it skipped', () => {
    expect(skipped).toEqual({ unclassified: 7547, 'no-coordinates': 0 });
    expect(issues).toEqual([]);
  });

  it('reads a stream factory the same as bytes', async () => {
    const streamed = await readOsmPbf(() => createReadStream(sharedDataPath(pbf)));
    expect(streamed.sites.map((s) => s.props.osm_id)).toEqual(sites.map((s) => s.props.osm_id));
  });

  it('uses the classifier it is given', async () => {
    const only = await readOsmPbf(readSharedData(pbf), { classify: (tags) => (tags.amenity === 'police' ? 'police' : null) });
    // README: amenity=police 9 in the derived file (7 nodes, 2 areas)
    expect(only.sites).toHaveLength(9);
  });

  it('says a truncated extract cannot be read', async () => {
    const error = await caught<ImportError>(() => readOsmPbf(readSharedData(pbf).subarray(0, 100_000), { fileName: 'monaco.osm.pbf' }));
    expect(error.issues[0].code).toBe('unrecognised-format');
    expect(error.message).toMatch(/^monaco\.osm\.pbf could not be read as an OSM PBF extract \(.*\); is it truncated\?$/);
  });
});
