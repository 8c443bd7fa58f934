import { describe, expect, it } from 'vitest';
import { AUDIENCES } from './action-areas';
import { CATEGORIES, CATEGORY_IDS, classifyOsmTags, getCategory, suggestActionAreas } from './taxonomy';

describe('classifyOsmTags', () => {
  // Tag sets as they come out of OpenStreetMap extracts.
  const cases: [Record<string, string>, string | null][] = [
    [{ amenity: 'internet_cafe', name: 'Cyber Zone' }, 'internet-cafe'],
    [{ amenity: 'social_facility', 'social_facility': 'group_home', 'social_facility:for': 'orphan' }, 'child-welfare-institution'],
    [{ amenity: 'social_facility', 'social_facility:for': 'senior;child' }, 'child-welfare-institution'],
    // Safeguarding: an orphanage that is also a school stays a (restricted) child-welfare institution.
    [{ amenity: 'school', 'social_facility:for': 'child' }, 'child-welfare-institution'],
    [{ railway: 'halt', name: 'Ban Phai' }, 'transit.rail-station'],
    [{ railway: 'station', public_transport: 'station', train: 'yes' }, 'transit.rail-station'],
    [{ public_transport: 'station', bus: 'yes', name: 'Mo Chit 2' }, 'transit.bus-station'],
    [{ amenity: 'bus_station', public_transport: 'station' }, 'transit.bus-station'],
    [{ amenity: 'ferry_terminal', cargo: 'passengers' }, 'transit.harbour'],
    [{ landuse: 'port' }, 'transit.harbour'],
    [{ aeroway: 'aerodrome', iata: 'BKK' }, 'transit.airport'],
    [{ aeroway: 'aerodrome', landuse: 'military' }, 'camp.military'],
    [{ barrier: 'border_control', name: 'Poipet' }, 'transit.border-crossing'],
    [{ tourism: 'guest_house', amenity: 'bar' }, 'entertainment.nightlife'],
    [{ tourism: 'hotel', stars: '4' }, 'tourism.accommodation'],
    [{ leisure: 'beach_resort' }, 'tourism.resort'],
    [{ tourism: 'attraction', historic: 'temple' }, 'tourism.heritage-site'],
    [{ tourism: 'attraction', leisure: 'stadium' }, 'sports-venue'],
    [{ amenity: 'casino', tourism: 'attraction' }, 'entertainment.casino'],
    [{ shop: 'massage' }, 'entertainment.massage'],
    [{ amenity: 'stripclub' }, 'entertainment.nightlife'],
    [{ shop: 'mall', name: 'MBK Center' }, 'youth-gathering'],
    [{ amenity: 'community_centre' }, 'youth-gathering'],
    [{ amenity: 'refugee_site', refugee: 'yes' }, 'camp.humanitarian'],
    [{ tourism: 'viewpoint' }, null],
    [{ public_transport: 'platform', bus: 'yes' }, null],
    [{ amenity: 'internet_cafe ' }, 'internet-cafe'],
    [{ Amenity: 'internet_cafe' }, null],
    [{}, null],
  ];
  it.each(cases)('classifies %j as %s', (tags, expected) => {
    expect(classifyOsmTags(tags)).toBe(expected);
  });
});

describe('taxonomy', () => {
  it('restricts child-welfare institutions by default and nothing else', () => {
    expect(getCategory('child-welfare-institution').defaultSensitivity).toBe('restricted');
    expect(CATEGORIES.filter((c) => c.defaultSensitivity !== 'public').map((c) => c.id)).toEqual(['child-welfare-institution']);
  });

  it('marks the categories without an OSM tag as imported only', () => {
    expect(CATEGORIES.filter((c) => c.importedOnly).map((c) => c.id)).toEqual([
      'low-income-settlement', 'red-light-district', 'trafficking-source-district', 'high-child-marriage',
    ]);
    expect(getCategory('high-child-marriage').derived).toBe(true);
  });

  it('has unique ids and only known audiences', () => {
    expect(new Set(CATEGORY_IDS).size).toBe(21);
    const audiences = new Set<string>(AUDIENCES.map((a) => a.id));
    for (const c of CATEGORIES) for (const a of c.audiences) expect(audiences.has(a), `${c.id}: ${a}`).toBe(true);
  });

  it('makes every OSM-tagged category reachable by classifyOsmTags', () => {
    for (const c of CATEGORIES) {
      for (const rule of c.osm) {
        const tags = { [rule.key]: rule.values[0], ...(rule.with ? { [rule.with.key]: rule.with.values[0] } : {}) };
        expect(classifyOsmTags(tags), JSON.stringify(tags)).toBe(c.id);
      }
    }
  });

  it('throws on an unknown category', () => {
    expect(() => getCategory('casino')).toThrow("Unknown taxonomy category 'casino'");
    expect(() => suggestActionAreas(['transit.airport', 'disco'])).toThrow("Unknown taxonomy category 'disco'");
  });
});

describe('suggestActionAreas', () => {
  it('suggests 2.2 training for transport staff and taxi drivers at a rail station', () => {
    expect(suggestActionAreas(['transit.rail-station'])).toEqual([
      { code: '2.1', audiences: [], because: ['transit.rail-station'] },
      { code: '2.2', audiences: ['transport-staff', 'taxi-drivers'], because: ['transit.rail-station'] },
    ]);
  });

  it('ranks action areas by how many categories call for them', () => {
    const suggestions = suggestActionAreas(['internet-cafe', 'entertainment.nightlife', 'tourism.accommodation', 'internet-cafe']);
    expect(suggestions.map((s) => s.code)).toEqual(['5.1', '2.2', '6B.1', '2.1', '6A.1', '6B.2', '6B.3', '8.2']);
    expect(suggestions[0]).toEqual({
      code: '5.1',
      audiences: ['children-young-people', 'entertainment-sector'],
      because: ['internet-cafe', 'entertainment.nightlife', 'tourism.accommodation'],
    });
  });

  it('covers the borderland and child-marriage calls of the design', () => {
    const border = suggestActionAreas(['borderland']);
    expect(border.map((s) => s.code)).toEqual(['2.1', '2.2', '4.4']);
    expect(border[1].audiences).toEqual(['customs', 'law-enforcement']);
    const marriage = suggestActionAreas(['high-child-marriage']);
    expect(marriage.find((s) => s.code === '3.1')?.audiences).toEqual(['community-religious-leaders']);
    expect(marriage.find((s) => s.code === '2.3')?.audiences).toEqual(['boys-men']);
    expect(marriage.some((s) => s.code === '8.1')).toBe(true);
    expect(suggestActionAreas([])).toEqual([]);
  });
});
