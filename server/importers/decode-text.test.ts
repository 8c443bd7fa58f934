import { describe, expect, it } from 'vitest';
import { decodeText, firstInvalidUtf8 } from './decode-text';
import { ImportError } from './import-error';
import { caught } from '../../test/helpers/caught';
import { itWithSharedData, readSharedData } from '../../test/helpers/shared-data';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeText', () => {
  itWithSharedData('strips the UTF-8 byte-order mark of the HXL COD-PS file', ['formats/hxl-cod-ps-population-admin1-caf-cod.csv'], () => {
    const bytes = readSharedData('formats/hxl-cod-ps-population-admin1-caf-cod.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { text, encoding, issues } = decodeText(bytes);
    expect(text.startsWith('ISO3,Country,ADM1_PCODE')).toBe(true);
    expect(encoding).toBe('utf-8');
    expect(issues).toEqual([]);
  });

  itWithSharedData('reads the UNESCO list as Windows-1252 and says so, naming the first bad byte and the UTF-8 mixed in', ['points/unesco-whc-sites-2019.csv'], () => {
    const { text, encoding, issues } = decodeText(readSharedData('points/unesco-whc-sites-2019.csv'), { fileName: 'whc-sites-2019.csv' });
    expect(encoding).toBe('windows-1252');
    expect(text).toContain('Paysage culturel et vestiges archéologiques de la vallée de Bamiyan');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'warning', code: 'encoding' });
    expect(issues[0].message).toContain('whc-sites-2019.csv is not valid UTF-8 (byte 0xE9 at offset 476); read it as Windows-1252');
    expect(issues[0].message).toContain('6 byte sequences that look like UTF-8 (mixed encodings)');
  });

  it('reads UTF-16 by its byte-order mark, little- and big-endian', () => {
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from('Araria,52.0', 'utf16le')]);
    const be = new Uint8Array([0xfe, 0xff, ...Buffer.from('Araria,52.0', 'utf16le').swap16()]);
    expect(decodeText(le)).toMatchObject({ text: 'Araria,52.0', encoding: 'utf-16le' });
    expect(decodeText(be)).toMatchObject({ text: 'Araria,52.0', encoding: 'utf-16be' });
  });

  it('guesses UTF-16 without a byte-order mark from its zero bytes, with a warning', () => {
    const { text, issues } = decodeText(new Uint8Array(Buffer.from('name,lat,lon\nGaya,24.79,85.0\n', 'utf16le')));
    expect(text).toBe('name,lat,lon\nGaya,24.79,85.0\n');
    expect(issues[0].message).toContain('looks like UTF-16LE');
  });

  it('lets an explicit encoding override detection', () => {
    const latin1 = new Uint8Array(Buffer.from('Ségou;Mopti', 'latin1'));
    expect(decodeText(latin1, { encoding: 'latin1' })).toEqual({ text: 'Ségou;Mopti', encoding: 'latin1', issues: [] });
  });

  it('refuses an encoding it does not know, naming it', async () => {
    const error = await caught<ImportError>(() => decodeText(utf8('x'), { encoding: 'klingon-8', fileName: 'a.csv' }));
    expect(error).toBeInstanceOf(ImportError);
    expect(error.issues[0].code).toBe('encoding');
    expect(error.message).toBe("a.csv: unknown encoding 'klingon-8'; expected a name such as utf-8, windows-1252 or latin1");
  });

  it('finds the first byte that breaks UTF-8, and rejects overlong and surrogate forms', () => {
    expect(firstInvalidUtf8(utf8('Oromía ✓ 𝄞'))).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xc0, 0xaf]))).toBe(1); // overlong '/'
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0x42, 0xed, 0xa0, 0x80]))).toBe(2); // UTF-16 surrogate
    expect(firstInvalidUtf8(new Uint8Array([0xe2, 0x80]))).toBe(0); // cut short
  });
});
