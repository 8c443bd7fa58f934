import { describe, expect, it } from 'vitest';
import { filterTable, readCsv } from './read-table';
import { itWithSharedData, readSharedData } from '../../test/helpers/shared-data';
import { detectPeriodColumns, toObservations } from './to-observations';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('detectPeriodColumns', () => {
  it('finds year columns, prefixed or not, and leaves other columns alone', () => {
    expect(detectPeriodColumns(['ISO3', 'value_2000', '2001', 'YR2002', '2003 [YR2003]', 'latest_value', 'min_year', 'NFHS-5', 'X'])).toEqual([
      { column: 'value_2000', period: '2000' },
      { column: '2001', period: '2001' },
      { column: 'YR2002', period: '2002' },
      { column: '2003 [YR2003]', period: '2003' },
    ]);
  });
});

describe('toObservations, wide tables', () => {
  itWithSharedData('reads the UN SDG 5.3.1 export: one column per year, 2000 to 2020, empty cells missing', ['child-marriage/un-sdg-5.3.1-women-20-24-married-before-18.csv'], () => {
    const table = readCsv(readSharedData('child-marriage/un-sdg-5.3.1-women-20-24-married-before-18.csv'), { fileName: 'sdg.csv' });
    const { observations, issues } = toObservations(table, { layout: 'wide', areaField: 'ISO3', indicator: 'SP_DYN_MRBF18' });
    expect(issues).toEqual([]);
    expect(detectPeriodColumns(table.columns).map((p) => p.period)).toEqual(Array.from({ length: 21 }, (_, i) => String(2000 + i)));
    // each country has its latest survey only; value_2000 … 2004, 2008 and 2009 are empty columns:
    // no observations for them, not zeros
    const perYear: Record<string, number> = {};
    for (const o of observations) perYear[o.period] = (perYear[o.period] ?? 0) + 1;
    expect(perYear).toEqual({ 2005: 1, 2006: 3, 2007: 3, 2010: 5, 2011: 4, 2012: 12, 2013: 6, 2014: 10, 2015: 11, 2016: 13, 2017: 10, 2018: 29, 2019: 19, 2020: 5 });
    // Afghanistan has one value, 28.3 in 2017; every other year is empty, not zero
    expect(observations.filter((o) => o.areaKey === 'AFG')).toEqual([{ areaKey: 'AFG', indicator: 'SP_DYN_MRBF18', period: '2017', value: 28.3, row: 2 }]);
    expect(observations.find((o) => o.areaKey === 'ALB')).toMatchObject({ period: '2018', value: 11.8 });
    expect(observations.some((o) => o.value === 0 && o.areaKey === 'AFG')).toBe(false);
    expect(new Set(observations.map((o) => o.areaKey)).size).toBe(131);
  });

  it('reports a cell that is not a number with its row and column, and keeps the rest', () => {
    const csv = 'ISO3,value_2000,value_2001,value_2002\nNER,76.3,,n/a\nBGD,<5,58.6,\n';
    const { observations, issues } = toObservations(readCsv(utf8(csv), { fileName: 'w.csv' }), { layout: 'wide', areaField: 'ISO3', indicator: 'cm' });
    expect(observations.map((o) => [o.areaKey, o.period, o.value])).toEqual([
      ['NER', '2000', 76.3],
      ['BGD', '2001', 58.6],
    ]);
    expect(issues).toEqual([
      { severity: 'error', code: 'non-numeric', row: 2, field: 'value_2002', message: 'w.csv row 2, column "value_2002": expected a number, got "n/a"' },
      { severity: 'error', code: 'non-numeric', row: 3, field: 'value_2000', message: 'w.csv row 3, column "value_2000": expected a number, got "<5"' },
    ]);
  });

  it('says so when no column is named by a year', () => {
    const { issues } = toObservations(readCsv(utf8('ISO3,value\nNER,1\n'), { fileName: 'w.csv' }), { layout: 'wide', areaField: 'ISO3', indicator: 'cm' });
    expect(issues[0].message).toBe('w.csv: found no columns named by a year (such as 2019 or value_2019); columns are ISO3, value');
  });
});

describe('toObservations, long tables', () => {
  itWithSharedData('reads the NFHS-5 Bihar districts: Araria 52.0 % of women 20-24 married before 18', ['child-marriage/india-nfhs5-districts-phase1.csv'], () => {
    const table = filterTable(readCsv(readSharedData('child-marriage/india-nfhs5-districts-phase1.csv')), (cell) => cell('State') === 'Bihar');
    const { observations, issues } = toObservations(table, { layout: 'long', areaField: 'District', indicatorField: 'Indicator', period: '2019-21', valueField: 'NFHS-5' });
    expect(issues).toEqual([]);
    const married = observations.filter((o) => o.indicator === '16. Women age 20-24 years married before age 18 years (%)');
    expect(married).toHaveLength(38);
    expect(married.find((o) => o.areaKey === 'Araria')).toMatchObject({ period: '2019-21', value: 52 });
    expect(married.find((o) => o.areaKey === 'Supaul')?.value).toBe(55.9);
  });

  itWithSharedData('reads the UNdata urban/rural table with subgroups as indicators and periods as written', ['child-marriage/undata-childinfo-early-marriage-urban-rural.csv'], () => {
    const table = readCsv(readSharedData('child-marriage/undata-childinfo-early-marriage-urban-rural.csv'));
    const { observations, issues } = toObservations(table, { layout: 'long', areaField: 'Country or Area', indicatorField: 'Subgroup', periodField: 'Year', valueField: 'Value' });
    expect(issues).toEqual([]);
    expect(observations).toHaveLength(198);
    expect(observations.find((o) => o.areaKey === 'Bangladesh' && o.indicator === 'Rural Female 20-24 yr')).toMatchObject({ period: '1999/2000', value: 72 });
  });

  itWithSharedData('reads lower and upper bounds: Ethiopia DHS small-area estimates', ['indicators/eth-dhs-sae-admin1-admin2-estimates.csv'], () => {
    const table = readCsv(readSharedData('indicators/eth-dhs-sae-admin1-admin2-estimates.csv'));
    const { observations } = toObservations(table, {
      layout: 'long', areaField: 'Region_Name', indicatorField: 'Indicator', periodField: 'Year', valueField: 'Mean', lowerField: 'Lower_CI', upperField: 'Upper_CI',
    });
    expect(observations).toHaveLength(4356);
    expect(observations.find((o) => o.areaKey === 'Addis Ababa' && o.indicator === 'ED_EDUC_W_SEH' && o.period === '2019')).toEqual({
      areaKey: 'Addis Ababa', indicator: 'ED_EDUC_W_SEH', period: '2019', value: 0.5396, lower: 0.4713, upper: 0.6066, row: 3753,
    });
  });

  it('warns about repeated keys and about bounds that are not numbers, keeping the value', () => {
    const csv = 'area;year;value;low;high\nGaya;2019;42,8;x;50,1\nGaya;2019;43,0;;\n';
    const { observations, issues } = toObservations(readCsv(utf8(csv), { fileName: 'l.csv' }), {
      layout: 'long', areaField: 'area', indicator: 'cm', periodField: 'year', valueField: 'value', lowerField: 'low', upperField: 'high', locale: 'de',
    });
    expect(observations).toEqual([
      { areaKey: 'Gaya', indicator: 'cm', period: '2019', value: 42.8, upper: 50.1, row: 2 },
      { areaKey: 'Gaya', indicator: 'cm', period: '2019', value: 43, row: 3 },
    ]);
    expect(issues.map((i) => `${i.severity} ${i.code}: ${i.message}`)).toEqual([
      'warning non-numeric: l.csv row 2, column "low": expected a number (de style), got "x"',
      'warning duplicate-code: l.csv row 3: area "Gaya", indicator "cm", period 2019 already came in row 2',
    ]);
  });

  it('names the missing column and lists the ones there are', () => {
    const { issues } = toObservations(readCsv(utf8('area,value\nGaya,1\n'), { fileName: 'l.csv' }), { layout: 'long', areaField: 'district', indicator: 'cm', period: '2019', valueField: 'value' });
    expect(issues.map((i) => i.message)).toEqual(['l.csv has no area column "district"; columns are area, value']);
  });
});
