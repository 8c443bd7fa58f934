import { describe, expect, it } from 'vitest';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER, CopyBinaryWriter, encodeField } from './copy-binary';

// The format spelled out field by field, as the PostgreSQL manual describes it.
function reference(rows: (string | number | null)[][]): Buffer {
  const parts: Buffer[] = [];
  const int16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };
  for (const row of rows) {
    parts.push(int16(row.length));
    for (const v of row) {
      if (v === null) parts.push(int32(-1));
      else if (typeof v === 'number') {
        const b = Buffer.alloc(8);
        b.writeDoubleBE(v);
        parts.push(int32(8), b);
      } else {
        const bytes = Buffer.from(v.replaceAll('\0', ''), 'utf8');
        parts.push(int32(bytes.length), bytes);
      }
    }
  }
  return Buffer.concat(parts);
}

describe('CopyBinaryWriter', () => {
  it('starts and ends a COPY as PostgreSQL expects', () => {
    expect(COPY_BINARY_HEADER.toString('latin1')).toBe('PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0');
    expect(COPY_BINARY_HEADER).toHaveLength(19);
    expect([...COPY_BINARY_TRAILER]).toEqual([0xff, 0xff]);
  });

  it('writes rows byte for byte as the manual spells them, growing past its first buffer', () => {
    const rows: (string | number | null)[][] = [];
    for (let i = 0; i < 2000; i++) {
      rows.push([`Stop ${i}`, i % 7 === 0 ? null : 'IND', 84.04415 + i * 1e-6, -18.448717, i === 5 ? 'tab\there, line\nbreak, back\\slash, "quote", ☃ 😀, NUL\0 gone' : '{"ref":"B"}']);
    }
    rows.push(['x'.repeat(100_000), 0, -0, Number.MAX_VALUE]);
    const writer = new CopyBinaryWriter(64);
    for (const row of rows) {
      writer.row(row.length);
      for (const v of row) {
        if (typeof v === 'number') writer.float8(v);
        else writer.text(v);
      }
    }
    const bytes = writer.take();
    expect(bytes.equals(reference(rows))).toBe(true);
    expect(writer.length).toBe(0);
  });

  it('copies pre-encoded fields in as they are, and hands over a copy so that its buffer can be reused', () => {
    const field = encodeField('transit.bus-station');
    expect(field.equals(reference([['transit.bus-station']]).subarray(2))).toBe(true);
    const writer = new CopyBinaryWriter();
    writer.row(2).encoded(field).encoded(encodeField(null));
    const first = writer.take();
    writer.row(1).text('overwritten?');
    writer.take();
    expect(first.equals(reference([['transit.bus-station', null]]))).toBe(true);
  });
});
