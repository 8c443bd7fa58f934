import { describe, expect, it } from 'vitest';
import { neutraliseCell, toCsv } from './csv';

describe('CSV export', () => {
  it('neutralises cells that start like a formula and leaves numbers alone', () => {
    expect(neutraliseCell('=1+1')).toBe("'=1+1");
    expect(neutraliseCell('+33 1 23')).toBe("'+33 1 23");
    expect(neutraliseCell('-cmd')).toBe("'-cmd");
    expect(neutraliseCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseCell('\tx')).toBe("'\tx");
    expect(neutraliseCell(-3.5)).toBe('-3.5');
    expect(neutraliseCell('Araria')).toBe('Araria');
    expect(neutraliseCell(NaN)).toBe('');
    expect(neutraliseCell(null)).toBe('');
  });

  it('quotes commas, quotes and newlines (RFC 4180)', () => {
    expect(toCsv(['name', 'note'], [['Kaimur (Bhabua)', 'a "b", c\nd'], ['=HYPERLINK("x")', 2]])).toBe(
      'name,note\r\nKaimur (Bhabua),"a ""b"", c\nd"\r\n"\'=HYPERLINK(""x"")",2\r\n',
    );
  });
});
