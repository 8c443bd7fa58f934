import iconv from 'iconv-lite';
import { ImportError, errorIssue, warningIssue, type ImportIssue } from './import-error';

export interface DecodeTextOptions {
  /** An encoding name iconv-lite knows (e.g. 'windows-1252', 'latin1', 'shift_jis'); overrides detection. */
  encoding?: string;
  /** Used in messages. @default 'the file' */
  fileName?: string;
}

export interface DecodedText {
  text: string;
  /** The encoding the text was read with. */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | (string & {});
  issues: ImportIssue[];
}

/**
 * Turns file bytes into text: strips a byte-order mark, reads UTF-16 by its BOM, otherwise checks
 * that the bytes are UTF-8 and falls back to Windows-1252 (with a warning) when they are not.
 *
 * @example
 * decodeText(bytes, { fileName: 'whc-sites-2019.csv' }).text
 */
export function decodeText(bytes: Uint8Array, options: DecodeTextOptions = {}): DecodedText {
  const fileName = options.fileName ?? 'the file';
  if (options.encoding) {
    if (!iconv.encodingExists(options.encoding)) {
      throw new ImportError(
        errorIssue('encoding', `${fileName}: unknown encoding '${options.encoding}'; expected a name such as utf-8, windows-1252 or latin1`),
      );
    }
    // iconv-lite strips a BOM of the encoding it decodes by default
    return { text: iconv.decode(toBuffer(bytes), options.encoding), encoding: options.encoding.toLowerCase(), issues: [] };
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeUtf8OrFallback(bytes.subarray(3), fileName);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', issues: [] };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', issues: [] };
  }
  const utf16 = guessUtf16WithoutBom(bytes);
  if (utf16) {
    return {
      text: new TextDecoder(utf16).decode(bytes),
      encoding: utf16,
      issues: [warningIssue('encoding', `${fileName} has no byte-order mark but looks like ${utf16.toUpperCase()} text; read it as ${utf16.toUpperCase()}`)],
    };
  }
  return decodeUtf8OrFallback(bytes, fileName);
}

function decodeUtf8OrFallback(bytes: Uint8Array, fileName: string): DecodedText {
  const bad = firstInvalidUtf8(bytes);
  if (bad < 0) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', issues: [] };
  const utf8Like = countUtf8Sequences(bytes);
  const mixed =
    utf8Like > 0
      ? ` It also holds ${utf8Like === 1 ? '1 byte sequence that looks' : `${utf8Like} byte sequences that look`} like UTF-8 (mixed encodings); those may show as odd characters such as 'â€œ'.`
      : '';
  return {
    text: iconv.decode(toBuffer(bytes), 'windows-1252'),
    encoding: 'windows-1252',
    issues: [
      warningIssue(
        'encoding',
        `${fileName} is not valid UTF-8 (byte 0x${bytes[bad].toString(16).toUpperCase().padStart(2, '0')} at offset ${bad}); read it as Windows-1252.${mixed} If accented letters look wrong, choose the file's encoding.`,
      ),
    ],
  };
}

/** Offset of the first byte that breaks UTF-8, or -1 when every byte sequence is valid UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = sequenceLength(bytes, i);
    if (len === 0) return i;
    i += len;
  }
  return -1;
}

// length of a well-formed multi-byte UTF-8 sequence starting at i, or 0 (RFC 3629 table 3-7)
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < bytes.length && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xf1 && b <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

function countUtf8Sequences(bytes: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] < 0x80) continue;
    const len = sequenceLength(bytes, i);
    if (len > 0) {
      count++;
      i += len - 1;
    }
  }
  return count;
}

// text in UTF-16 without a BOM has a zero byte in every other position for Latin script
function guessUtf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 2048) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
