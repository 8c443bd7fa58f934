import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { filterTable, findColumn, parseNumber, readCsv, readXlsx } from './read-table';
import { itWithSharedData, readSharedData } from '../../test/helpers/shared-data';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function workbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  fill(wb.addWorksheet('Data'));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('readCsv on real exports', () => {
  itWithSharedData('reads the UNESCO list: 1,121 sites, cells with HTML and newlines kept as text', ['points/unesco-whc-sites-2019.csv'], () => {
    const table = readCsv(readSharedData('points/unesco-whc-sites-2019.csv'), { fileName: 'whc-sites-2019.csv' });
    expect(table.rows).toHaveLength(1121);
    expect(table.issues.map((i) => i.code)).toEqual(['encoding']);
    const category = findColumn(table, 'category');
    const counts: Record<string, number> = {};
    for (const row of table.rows) counts[row[category]] = (counts[row[category]] ?? 0) + 1;
    expect(counts).toEqual({ Cultural: 869, Natural: 213, Mixed: 39 });
    const description = table.rows[0][findColumn(table, 'short_description_en')];
    expect(description.startsWith('<p>The cultural landscape and archaeological remains of the Bamiyan Valley')).toBe(true);
    expect(table.rows.some((r) => r[findColumn(table, 'justification_en')].includes('\n'))).toBe(true);
  });

  itWithSharedData('finds the UNdata footnote block, reports its row and keeps the 198 data rows', ['child-marriage/undata-childinfo-early-marriage-urban-rural.csv'], () => {
    const table = readCsv(readSharedData('child-marriage/undata-childinfo-early-marriage-urban-rural.csv'), { fileName: 'undata.csv' });
    expect(table.rows).toHaveLength(198);
    expect(table.rows.at(-1)).toEqual(['Zimbabwe', 'Urban Female 20-24 yr', '1999', 'UNICEF_ChildInfo Database_Aug2007', 'Percent', '21', '']);
    expect(table.rowNumbers.at(-1)).toBe(199);
    expect(table.issues).toEqual([
      {
        severity: 'warning',
        code: 'footnote-block',
        row: 201,
        message: 'undata.csv: rows 201–202 are a second table (it starts "fnSeqID,Footnote", 2 columns where the data has 7); read as footnotes and skipped',
      },
    ]);
  });

  itWithSharedData('reads the HXL COD-PS file: BOM stripped, hashtag row found, 251 rows, CF11 present', ['formats/hxl-cod-ps-population-admin1-caf-cod.csv'], () => {
    const table = readCsv(readSharedData('formats/hxl-cod-ps-population-admin1-caf-cod.csv'));
    expect(table.columns[0]).toBe('ISO3');
    expect(table.hxl?.slice(0, 4)).toEqual(['#country+code', '#country+name', '#adm1+code', '#adm1+name']);
    const code = findColumn(table, '#adm1+code');
    expect(table.columns[code]).toBe('ADM1_PCODE');
    expect(table.rows).toHaveLength(251);
    expect(table.rowNumbers[0]).toBe(3);
    expect(table.rows.some((r) => r[code] === 'CF11')).toBe(true);
    expect(table.rows.some((r) => r[code] === 'CD10')).toBe(true);
  });

  it('matches a hashtag with attributes in any order and more attributes on the column', () => {
    const table = readCsv('Code,Name\n#adm1 +code +v_pcode,#adm1+name\nCF11,Ombella\n');
    expect(table.hxl).toEqual(['#adm1+code+v_pcode', '#adm1+name']);
    expect(findColumn(table, '#adm1+code')).toBe(0);
    expect(findColumn(table, '#adm1+v_pcode')).toBe(0);
    expect(findColumn(table, '#adm2+code')).toBe(-1);
  });

  it('takes a hashtag row with no header above it as the header', () => {
    const table = readCsv('#adm1+code,#adm1+name\nCF11,Ombella\n');
    expect(table).toMatchObject({ columns: ['#adm1+code', '#adm1+name'], hxl: ['#adm1+code', '#adm1+name'], rows: [['CF11', 'Ombella']], rowNumbers: [2] });
  });

  itWithSharedData('reads the 35,464 rows of the NFHS-5 district file and filters them to a state and an indicator', ['child-marriage/india-nfhs5-districts-phase1.csv'], () => {
    const table = readCsv(readSharedData('child-marriage/india-nfhs5-districts-phase1.csv'));
    expect(table.rows).toHaveLength(35464);
    const bihar = filterTable(table, (cell) => cell('State') === 'Bihar' && cell('Indicator') === '16. Women age 20-24 years married before age 18 years (%)');
    expect(bihar.rows).toHaveLength(38);
    expect(bihar.rows.find((r) => r[2] === 'Araria')?.[4]).toBe('52.0');
  });
});

describe('readCsv on small inputs', () => {
  it.each([
    [';', 'name;value\nGaya;42,8\n'],
    ['\t', 'name\tvalue\nGaya\t42,8\n'],
    ['|', 'name|value\nGaya|42,8\n'],
    [',', 'name,value\nGaya,"42,8"\n'],
  ])('detects the delimiter %j', (_, text) => {
    const table = readCsv(utf8(text));
    expect(table.columns).toEqual(['name', 'value']);
    expect(table.rows).toEqual([['Gaya', '42,8']]);
  });

  it('keeps formula-like text and HTML as given (export escapes them, import never evaluates)', () => {
    const table = readCsv(utf8('name,value\n"<b>Gaya</b> & <i>Patna</i>",=1+1\n@SUM(A1),-2\n'));
    expect(table.rows).toEqual([
      ['<b>Gaya</b> & <i>Patna</i>', '=1+1'],
      ['@SUM(A1)', '-2'],
    ]);
  });

  it('pads short rows, warns about long ones, skips blank ones and keeps row numbers', () => {
    const table = readCsv(utf8('a,b,c\n1,2\n4,5,6,7\n\n8,9,10\n'), { fileName: 't.csv' });
    expect(table.rows).toEqual([
      ['1', '2', ''],
      ['4', '5', '6'],
      ['8', '9', '10'],
    ]);
    expect(table.rowNumbers).toEqual([2, 3, 5]);
    expect(table.issues.map((i) => i.message)).toEqual(['t.csv row 3: 4 cells where the header has 3; the extra cells are ignored']);
  });

  it('separates a footnote block after a blank row from a blank row inside the data', () => {
    const table = readCsv(utf8('area,value\nGaya,1\n\nPatna,2\n\nNote,Source: NFHS-5,extra\n'), { fileName: 't.csv' });
    expect(table.rows).toEqual([
      ['Gaya', '1'],
      ['Patna', '2'],
    ]);
    expect(table.issues[0]).toMatchObject({ code: 'footnote-block', row: 6 });
  });

  it('renames repeated and empty header names', () => {
    const table = readCsv(utf8('value,,Value\n1,2,3\n'), { fileName: 't.csv' });
    expect(table.columns).toEqual(['value', 'column 2', 'Value (2)']);
    expect(table.issues[0].message).toBe('t.csv: column 3 repeats the name "Value"; renamed "Value (2)"');
  });
});

describe('readXlsx', () => {
  itWithSharedData('reads the INFORM a-z sheet with the same values as its CSV export', ['risk-index/inform_risk_2025_v070.xlsx', 'risk-index/inform_risk_2025_v070_a-z.csv'], async () => {
    const xlsx = await readXlsx(readSharedData('risk-index/inform_risk_2025_v070.xlsx'), { sheet: 'INFORM Risk 2025 (a-z)', fileName: 'inform.xlsx' });
    const csv = readCsv(readSharedData('risk-index/inform_risk_2025_v070_a-z.csv'));
    expect(xlsx.columns).toEqual(csv.columns);
    expect(xlsx.rows).toHaveLength(191);
    expect(xlsx.rows.find((r) => r[1] === 'BGD')?.slice(0, 4)).toEqual(['Bangladesh', 'BGD', '6', 'High']);
    let differ = 0;
    csv.rows.forEach((row, i) => row.forEach((cell, j) => {
      if (cell !== xlsx.rows[i][j] && parseNumber(cell) !== parseNumber(xlsx.rows[i][j])) differ++;
    }));
    expect(differ).toBe(0);
    // a saved 0 stays 0 (exceljs's cell.value drops it)
    expect(xlsx.rows.find((r) => r[1] === 'AGO')?.[findColumn(xlsx, 'Tsunami')]).toBe('0');
    // 168 formulas saved an empty string (<v/>), which exceljs cannot tell from no value
    expect(xlsx.issues.map((i) => i.message)).toEqual([
      "inform.xlsx, sheet 'INFORM Risk 2025 (a-z)': 168 formula cells have an empty or no saved value; they are read as empty (formulas are never evaluated)",
    ]);
  });

  it('gives a formula cell its saved value, text cells as given, dates as ISO', async () => {
    const bytes = await workbook((sheet) => {
      sheet.addRow(['name', 'value', 'when', 'note']);
      sheet.addRow(['<b>Gaya</b>', { formula: '1+1', result: 2 }, new Date(Date.UTC(2021, 2, 31)), '=1+1']);
      sheet.addRow([{ richText: [{ text: 'Pat' }, { text: 'na' }] }, 1234.5, null, { error: '#N/A' }]);
    });
    const table = await readXlsx(bytes, { fileName: 'x.xlsx' });
    expect(table.columns).toEqual(['name', 'value', 'when', 'note']);
    expect(table.rows).toEqual([
      ['<b>Gaya</b>', '2', '2021-03-31', '=1+1'],
      ['Patna', '1234.5', '', '#N/A'],
    ]);
    expect(table.rowNumbers).toEqual([2, 3]);
    expect(table.fileName).toBe("x.xlsx, sheet 'Data'");
  });

  it('reads a formula without a saved value as empty and says so', async () => {
    const bytes = await workbook((sheet) => {
      sheet.addRow(['name', 'value']);
      sheet.addRow(['Gaya', { formula: 'B3*2' } as ExcelJS.CellFormulaValue]);
    });
    const table = await readXlsx(bytes, { fileName: 'x.xlsx' });
    expect(table.rows).toEqual([['Gaya', '']]);
    expect(table.issues[0]).toMatchObject({ code: 'missing-value', message: expect.stringContaining('1 formula cells have an empty or no saved value') });
  });

  it('names the sheets when the one asked for is missing', async () => {
    const bytes = await workbook((sheet) => sheet.addRow(['a']));
    await expect(readXlsx(bytes, { sheet: 'Regions', fileName: 'x.xlsx' })).rejects.toThrow("x.xlsx has no worksheet 'Regions'; it has 'Data'");
  });
});

describe('parseNumber', () => {
  it.each([
    ['1,234.5', 'en', 1234.5],
    ['52.0', 'en', 52],
    ['-0.5', 'en', -0.5],
    ['−3', 'en', -3],
    ['.5', 'en', 0.5],
    ['1e-3', 'en', 0.001],
    ['12,34,567', 'en', 1234567],
    ['45 %', 'en', 45],
    ['1 234,5', 'fr', 1234.5],
    ['1\u202f234,5', 'fr', 1234.5],
    ['1\u00a0234', 'fr', 1234],
    ['0,25', 'fr', 0.25],
    ['1.234,5', 'de', 1234.5],
    ['1.234.567', 'de', 1234567],
    ['3,5', 'de', 3.5],
  ] as const)('reads %j in %s as %d', (text, locale, expected) => {
    expect(parseNumber(text, locale)).toBe(expected);
  });

  it.each([
    ['', 'en'],
    ['   ', 'en'],
    ['NA', 'en'],
    ['..', 'en'],
    ['-', 'en'],
    ['<5', 'en'],
    ['1,5', 'en'],
    ['1.5', 'de'],
    ['1,234.5', 'de'],
    ['1.234,5', 'en'],
    ['12abc', 'en'],
    ['=1+1', 'en'],
  ] as const)('returns NaN, never 0, for %j in %s', (text, locale) => {
    expect(parseNumber(text, locale)).toBeNaN();
  });
});
