// The central directory of a zip archive, read by hand (PKWARE APPNOTE 6.3.10, §4.3): what each
// entry declares and where its data lies, so that entries can be inflated one by one with a byte
// count (unzip-safely.ts) instead of trusting the sizes they declare.
import { ImportError, errorIssue } from './import-error';

export interface ZipEntry {
  name: string;
  /** Compressed size in bytes, as the central directory declares it. */
  size: number;
  /** Uncompressed size in bytes, as the central directory declares it. */
  originalSize: number;
  /** 0 stored, 8 deflated; anything else is refused when the entry is read. */
  compression: number;
  /** Offset of the entry's local header. */
  headerOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
// the end record is 22 bytes, followed by a comment of up to 65,535
const MAX_EOCD_SEARCH = 22 + 0xffff;

/** Lists a zip archive's entries from its central directory without inflating anything. */
export function readZipDirectory(bytes: Uint8Array, fileName = 'the archive'): ZipEntry[] {
  const fail = (why: string): never => {
    throw new ImportError(errorIssue('unrecognised-format', `${fileName} is not a readable ZIP archive (${why})`));
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => (at + 2 <= bytes.length ? view.getUint16(at, true) : fail('it is truncated'));
  const u32 = (at: number) => (at + 4 <= bytes.length ? view.getUint32(at, true) : fail('it is truncated'));
  const u64 = (at: number) => u32(at) + u32(at + 4) * 2 ** 32;

  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - MAX_EOCD_SEARCH); at--) {
    if (view.getUint32(at, true) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) fail('no end of central directory record; the file is truncated or not a zip');
  let count = u16(end + 10);
  let offset = u32(end + 16);
  if ((count === 0xffff || offset === 0xffffffff) && end >= 20 && u32(end - 20) === ZIP64_LOCATOR) {
    const zip64 = u64(end - 12);
    if (u32(zip64) !== ZIP64_EOCD) fail('a broken ZIP64 end record');
    count = u64(zip64 + 32);
    offset = u64(zip64 + 48);
  }

  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (u32(at) !== CENTRAL) fail(`entry ${i + 1} of ${count} of its central directory is missing`);
    const compression = u16(at + 10);
    let size = u32(at + 20);
    let originalSize = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    let headerOffset = u32(at + 42);
    if (at + 46 + nameLength > bytes.length) fail('it is truncated');
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // ZIP64: the 32-bit fields that are all ones are in the extra field 0x0001, in this order
    if (size === 0xffffffff || originalSize === 0xffffffff || headerOffset === 0xffffffff) {
      for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; x += 4 + u16(x + 2)) {
        if (u16(x) !== 1) continue;
        let field = x + 4;
        const next = () => {
          const value = u64(field);
          field += 8;
          return value;
        };
        if (originalSize === 0xffffffff) originalSize = next();
        if (size === 0xffffffff) size = next();
        if (headerOffset === 0xffffffff) headerOffset = next();
        break;
      }
    }
    entries.push({ name, size, originalSize, compression, headerOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The compressed bytes of an entry: after its local header, `entry.size` long (cut at the end of the file). */
export function entryData(bytes: Uint8Array, entry: ZipEntry, fileName = 'the archive'): Uint8Array {
  const at = entry.headerOffset;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) {
    throw new ImportError(errorIssue('unrecognised-format', `${fileName}: the entry '${entry.name}' is not where its central directory says; the archive is broken`));
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  return bytes.subarray(start, Math.min(bytes.length, start + entry.size));
}
