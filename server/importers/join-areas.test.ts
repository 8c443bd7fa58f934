import { describe, expect, it } from 'vitest';
import { joinAreas, normaliseName, type JoinCandidate } from './join-areas';
import { readFeatures } from './read-features';
import { filterTable, readCsv } from './read-table';
import { itWithSharedData, readSharedData } from '../../test/helpers/shared-data';
import { toAreas } from './to-areas';
import { toObservations } from './to-observations';

const keys = (...list: string[]) => list.map((key, i) => ({ key, row: i + 2 }));

describe('normaliseName', () => {
  it.each([
    ['Gambela Peoples', 'gambela'],
    ['Harari People', 'harari'],
    ['Benishangul-Gumuz', 'benishangul gumuz'],
    ["Côte d'Ivoire", 'cote d ivoire'],
    ['Trinidad & Tobago', 'trinidad and tobago'],
    ['Araria District', 'araria'],
    ['Far-Western Province', 'far western'],
    ['  SÃO  PAULO  State ', 'sao paulo'],
    ['Region', 'region'],
  ])('%j → %j', (name, expected) => {
    expect(normaliseName(name)).toBe(expected);
  });
});

describe('joinAreas on real data', () => {
  itWithSharedData('joins 36 of the 38 NFHS-5 Bihar districts to the census boundaries by name; Araria is 52.0 %', ['boundaries/india-bihar-districts-2011.geojson', 'child-marriage/india-nfhs5-districts-phase1.csv'], async () => {
    const { features } = await readFeatures(readSharedData('boundaries/india-bihar-districts-2011.geojson'), 'bihar.geojson');
    const { areas } = toAreas(features, { codeField: 'dt_code', nameField: 'district', parentField: 'st_code', level: 2 });
    const table = filterTable(readCsv(readSharedData('child-marriage/india-nfhs5-districts-phase1.csv')), (cell) => cell('State') === 'Bihar');
    const married = toObservations(table, { layout: 'long', areaField: 'District', indicatorField: 'Indicator', period: '2019-21', valueField: 'NFHS-5' }).observations.filter(
      (o) => o.indicator === '16. Women age 20-24 years married before age 18 years (%)',
    );
    const { matched, unmatched } = joinAreas(married.map((o) => ({ key: o.areaKey, row: o.row })), areas);
    expect(matched).toHaveLength(36);
    expect(matched.every((m) => m.method === 'name')).toBe(true);
    const araria = matched.find((m) => m.key === 'Araria')!;
    expect(areas.find((a) => a.code === araria.code)?.name).toBe('Araria');
    expect(married.find((o) => o.areaKey === 'Araria')?.value).toBe(52);
    // "Kaimur (Bhabua)" matches "Kaimur" without its qualifier
    expect(matched.find((m) => m.key === 'Kaimur (Bhabua)')?.code).toBe(areas.find((a) => a.name === 'Kaimur')?.code);
    // NFHS uses the Hindi compass words: Pashchim is West, Purba is East; suggested, not applied
    expect(unmatched.map((u) => [u.key, u.reason, u.suggestions[0].name, u.suggestions[0].score])).toEqual([
      ['Pashchim Champaran', 'no-match', 'West Champaran', 1],
      ['Purba Champaran', 'no-match', 'East Champaran', 1],
    ]);
    expect(unmatched.every((u) => u.suggestions.length === 3 && u.row > 1)).toBe(true);
  });

  itWithSharedData('joins Ethiopia DHS 2019 regions to Natural Earth admin-1: old names match, new regions come back with suggestions', ['boundaries/ne-admin1-focus-countries.geojson', 'indicators/eth-dhs-sae-admin1-admin2-estimates.csv'], async () => {
    const { features } = await readFeatures(readSharedData('boundaries/ne-admin1-focus-countries.geojson'), 'ne.geojson');
    const { areas } = toAreas(features.filter((f) => f.properties?.adm0_a3 === 'ETH'), { codeField: 'iso_3166_2', nameField: 'name', parentField: 'adm0_a3', level: 1 });
    expect(areas).toHaveLength(11);
    const table = filterTable(readCsv(readSharedData('indicators/eth-dhs-sae-admin1-admin2-estimates.csv')), (cell) => cell('Survey') === 'ET2019DHS' && cell('Admin') === '1' && cell('Indicator') === 'ED_EDUC_W_SEH');
    expect(table.rows).toHaveLength(14);
    const { matched, unmatched } = joinAreas(table.rows.map((r, i) => ({ key: r[6], row: table.rowNumbers[i] })), areas);
    expect(matched.map((m) => `${m.key}→${m.code}`)).toEqual([
      'Addis Ababa→ET-AA', 'Afar→ET-AF', 'Amhara→ET-AM', 'Dire Dawa→ET-DD', 'Gambela→ET-GA', 'Harari→ET-HA', 'Somali→ET-SO', 'Tigray→ET-TI',
    ]);
    const top = Object.fromEntries(unmatched.map((u) => [u.key, `${u.suggestions[0].name} ${u.suggestions[0].score}`]));
    expect(top).toEqual({
      'Benishangul-Gumuz': 'Benshangul-Gumaz 0.88',
      'Central Ethiopia': 'Southern Nations, Nationalities and Peoples 0.24',
      Oromia: 'Oromiya 0.86',
      Sidama: 'Dire Dawa 0.44',
      'South Ethiopia': 'Southern Nations, Nationalities and Peoples 0.32',
      'South West Ethiopia': 'Southern Nations, Nationalities and Peoples 0.32',
    });
    expect(matched.length + unmatched.length).toBe(14);
  });
});

describe('joinAreas by code', () => {
  const countries: JoinCandidate[] = [
    { code: 'AFG', name: 'Afghanistan', props: { ISO_A2: 'AF', ISO_N3: '004' } },
    { code: 'NER', name: 'Niger', props: { ISO_A2: 'NE', ISO_N3: '562' } },
    { code: 'NGA', name: 'Nigeria', altNames: ['Federal Republic of Nigeria'], props: { ISO_A2: 'NG', ISO_N3: '566' } },
  ];

  it('matches alpha-3, alpha-2 and numeric codes with or without zero padding, in any case', () => {
    const { matched, unmatched } = joinAreas(keys('afg', 'AF', '4', '004', ' ne ', '566'), countries);
    expect(unmatched).toEqual([]);
    expect(matched.map((m) => `${m.key}→${m.code} ${m.method}`)).toEqual(['afg→AFG code', 'AF→AFG code', '4→AFG code', '004→AFG code', ' ne →NER code', '566→NGA code']);
  });

  it('matches P-codes case-insensitively and ISO 3166-2 codes as given', () => {
    const areas: JoinCandidate[] = [
      { code: 'CF11', name: "Ombella M'Poko" },
      { code: 'NP-BA', name: 'Bagmati' },
    ];
    expect(joinAreas(keys('cf11', 'np-ba'), areas, { by: 'code' }).matched.map((m) => m.code)).toEqual(['CF11', 'NP-BA']);
  });

  it('falls back to names and alternative names, and can be told to use codes only', () => {
    expect(joinAreas(keys('NIGER', 'Federal Republic of Nigeria'), countries).matched).toEqual([
      { key: 'NIGER', code: 'NER', method: 'name' },
      { key: 'Federal Republic of Nigeria', code: 'NGA', method: 'alt-name' },
    ]);
    expect(joinAreas(keys('Niger'), countries, { by: 'code' }).unmatched[0]).toMatchObject({ key: 'Niger', reason: 'no-match' });
  });

  it('never drops a key: repeats come once, an ambiguous name comes back unmatched with both areas', () => {
    const areas: JoinCandidate[] = [
      { code: '235', name: 'Aurangabad', props: { state: 'Bihar' } },
      { code: '515', name: 'Aurangabad', props: { state: 'Maharashtra' } },
      { code: '236', name: 'Gaya' },
    ];
    const result = joinAreas(keys('Gaya', 'Aurangabad', 'Gaya', 'Atlantis'), areas);
    expect(result.matched).toEqual([{ key: 'Gaya', code: '236', method: 'name' }]);
    expect(result.unmatched).toEqual([
      { key: 'Aurangabad', row: 3, reason: 'ambiguous', suggestions: [{ code: '235', name: 'Aurangabad', score: 1 }, { code: '515', name: 'Aurangabad', score: 1 }] },
      { key: 'Atlantis', row: 5, reason: 'no-match', suggestions: expect.any(Array) },
    ]);
  });
});
