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
  return { text: iconv.decode(toBuffer(bytes), 'windows-1252'), encoding: 'windows-1252', issues: [notUtf8Issue(bytes, bad, fileName)] };
}

// the warning for text read as Windows-1252 because byte `bad` breaks UTF-8
function notUtf8Issue(bytes: Uint8Array, bad: number, fileName: string): ImportIssue {
  const utf8Like = countUtf8Sequences(bytes);
  const mixed =
    utf8Like > 0
      ? ` It also holds ${utf8Like === 1 ? '1 byte sequence that looks' : `${utf8Like} byte sequences that look`} like UTF-8 (mixed encodings); those may show as odd characters such as 'â€œ'.`
      : '';
  return warningIssue(
    'encoding',
    `${fileName} is not valid UTF-8 (byte 0x${bytes[bad].toString(16).toUpperCase().padStart(2, '0')} at offset ${bad}); read it as Windows-1252.${mixed} If accented letters look wrong, choose the file's encoding.`,
  );
}

/** Text decoding of a file read in chunks; see createStreamDecoder. */
export interface StreamDecoder {
  /** The encoding the text is read with. */
  encoding: DecodedText['encoding'];
  /** What was decided about the encoding (a fallback to Windows-1252, a UTF-16 guess). */
  issues: ImportIssue[];
  /** The text of the next chunk; a character split between chunks comes out whole with the next. */
  write(chunk: Uint8Array): string;
  /** The end of the text (a last split character). */
  end(): string;
}

/**
 * decodeText for a file read in chunks: decides the encoding from the file's first bytes (`head`,
 * say 64 KB) as decodeText does from the whole file, drops a byte-order mark, then decodes chunk
 * by chunk. A file whose head is UTF-8 but whose later bytes are not can no longer fall back to
 * Windows-1252: `write` throws an ImportError naming the byte offset and asking for the encoding.
 *
 * @example
 * const decoder = createStreamDecoder(head, { fileName });
 * for await (const chunk of fs.createReadStream(path)) text += decoder.write(chunk);
 */
export function createStreamDecoder(head: Uint8Array, options: DecodeTextOptions = {}): StreamDecoder {
  const fileName = options.fileName ?? 'the file';
  const iconvDecoder = (encoding: string, issues: ImportIssue[] = []): StreamDecoder => {
    const decoder = iconv.getDecoder(encoding);
    return { encoding: encoding.toLowerCase(), issues, write: (chunk) => decoder.write(toBuffer(chunk)), end: () => decoder.end() ?? '' };
  };
  const webDecoder = (encoding: 'utf-8' | 'utf-16le' | 'utf-16be', issues: ImportIssue[] = []): StreamDecoder => {
    // fatal for UTF-8, so that text which stops being UTF-8 is refused rather than garbled
    const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
    let offset = 0;
    const decode = (chunk?: Uint8Array) => {
      try {
        return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
      } catch {
        const at = chunk ? offset + Math.max(0, firstInvalidUtf8(chunk)) : offset;
        throw new ImportError(
          errorIssue('encoding', `${fileName} is not valid UTF-8 at byte ${at}, though its beginning is; choose the file's encoding (such as windows-1252) and import it again`),
        );
      } finally {
        offset += chunk?.length ?? 0;
      }
    };
    return { encoding, issues, write: (chunk) => decode(chunk), end: () => decode() };
  };

  if (options.encoding) {
    if (!iconv.encodingExists(options.encoding)) {
      throw new ImportError(
        errorIssue('encoding', `${fileName}: unknown encoding '${options.encoding}'; expected a name such as utf-8, windows-1252 or latin1`),
      );
    }
    return iconvDecoder(options.encoding);
  }
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return webDecoder('utf-8');
  if (head[0] === 0xff && head[1] === 0xfe) return webDecoder('utf-16le');
  if (head[0] === 0xfe && head[1] === 0xff) return webDecoder('utf-16be');
  const utf16 = guessUtf16WithoutBom(head);
  if (utf16) {
    return webDecoder(utf16, [warningIssue('encoding', `${fileName} has no byte-order mark but looks like ${utf16.toUpperCase()} text; read it as ${utf16.toUpperCase()}`)]);
  }
  // the head may end inside a character: a break in its last 3 bytes does not count
  const bad = firstInvalidUtf8(head);
  if (bad < 0 || bad > head.length - 4) return webDecoder('utf-8');
  return iconvDecoder('windows-1252', [notUtf8Issue(head, bad, fileName)]);
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

/** UTF-16 without a BOM, told by a zero byte in every other position (text in Latin script); null when it does not look so. */
export function guessUtf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
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
