/**
 * Rows in the binary format of PostgreSQL's `COPY … FROM STDIN (FORMAT binary)`: each row a field
 * count, each field a length and its bytes (text as UTF-8, double precision as 8 bytes big-endian).
 * Numbers go over as they are, with no text to print and parse on either side.
 * https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.4
 */

/** Signature, flags and header extension length: the 19 bytes a binary COPY starts with. */
export const COPY_BINARY_HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
/** A field count of −1: the end of the data. */
export const COPY_BINARY_TRAILER = Buffer.from([0xff, 0xff]);

/**
 * Writes rows field by field into a scratch buffer that grows as needed; `take()` hands over a copy
 * of what was written and starts again, so the scratch buffer is reused and never shared with a
 * socket that still holds it.
 *
 * @example
 * const rows = new CopyBinaryWriter();
 * rows.row(2).text('Stop 1').float8(84.04415);
 * stream.write(rows.take());
 */
export class CopyBinaryWriter {
  private buffer: Buffer;
  private view: DataView;
  private offset = 0;

  /** @param initialBytes size of the scratch buffer at first. @default 256 KiB */
  constructor(initialBytes = 256 * 1024) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
  }

  /** Starts a row of `fields` fields. */
  row(fields: number): this {
    this.reserve(2);
    this.view.setInt16(this.offset, fields);
    this.offset += 2;
    return this;
  }

  /**
   * A text field, or NULL. NUL characters, which PostgreSQL text cannot hold, are dropped (as the
   * text format's writer did).
   */
  text(value: string | null): this {
    if (value === null) return this.null();
    const text = value.includes('\0') ? value.replaceAll('\0', '') : value;
    // at most 3 bytes of UTF-8 per UTF-16 code unit
    this.reserve(4 + 3 * text.length);
    const length = this.buffer.write(text, this.offset + 4);
    this.view.setInt32(this.offset, length);
    this.offset += 4 + length;
    return this;
  }

  /** A field whose length and bytes were encoded once (`encodeField`): for values repeated on every row. */
  encoded(field: Uint8Array): this {
    this.reserve(field.length);
    this.buffer.set(field, this.offset);
    this.offset += field.length;
    return this;
  }

  /** A double precision field. */
  float8(value: number): this {
    this.reserve(12);
    this.view.setInt32(this.offset, 8);
    this.view.setFloat64(this.offset + 4, value);
    this.offset += 12;
    return this;
  }

  null(): this {
    this.reserve(4);
    this.view.setInt32(this.offset, -1);
    this.offset += 4;
    return this;
  }

  /** Bytes written since the last take. */
  get length(): number {
    return this.offset;
  }

  /** A copy of the bytes written since the last take. */
  take(): Buffer {
    const out = Buffer.from(this.buffer.subarray(0, this.offset));
    this.offset = 0;
    return out;
  }

  private reserve(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.offset + bytes));
    this.buffer.copy(bigger, 0, 0, this.offset);
    this.buffer = bigger;
    this.view = new DataView(bigger.buffer, bigger.byteOffset, bigger.byteLength);
  }
}

/** A text field (or NULL) as `CopyBinaryWriter.encoded` takes it: length, then bytes. */
export function encodeField(value: string | null): Buffer {
  const writer = new CopyBinaryWriter(64);
  writer.text(value);
  return writer.take();
}
