import { Gunzip, Inflate } from 'fflate';
import { ImportError, errorIssue } from './import-error';
import { entryData, readZipDirectory, type ZipEntry } from './zip-directory';

export type { ZipEntry } from './zip-directory';

/** Limits that stop a small archive from expanding into gigabytes (a "zip bomb"). */
export interface ZipLimits {
  /** Largest total uncompressed size of the entries extracted. @default 500 MB */
  maxTotalBytes?: number;
  /** Largest ratio of uncompressed to compressed size. @default 100 */
  maxRatio?: number;
}

export const defaultZipLimits: Required<ZipLimits> = {
  // a national admin-2 shapefile is tens of MB; 500 MB leaves room for an OSM-derived layer
  maxTotalBytes: 500 * 1024 * 1024,
  // real shapefiles and spreadsheets compress 3–30×; a bomb compresses 1,000×
  maxRatio: 100,
};

// Compressed bytes handed to the inflater at a time: deflate expands at most 1,032×, so no more
// than 4 MB come out of one push before the count can stop it.
const PUSH_BYTES = 4096;

/** Lists a zip archive's entries from its central directory without inflating anything. */
export function listZipEntries(bytes: Uint8Array, fileName = 'the archive'): ZipEntry[] {
  return readZipDirectory(bytes, fileName);
}

/** Throws 'limit-exceeded' when the archive's declared sizes break the limits; inflates nothing. */
export function checkZipLimits(bytes: Uint8Array, options: { fileName?: string; limits?: ZipLimits } = {}): void {
  const fileName = options.fileName ?? 'the archive';
  const entries = listZipEntries(bytes, fileName);
  const total = entries.reduce((sum, e) => sum + e.originalSize, 0);
  checkExpansion(total, bytes.length, fileName, options.limits);
}

/**
 * checkZipLimits, then inflates every entry into nothing, counting the bytes: an entry that
 * inflates to more than it declares stops the count at once. For archives another library opens
 * (exceljs reads an XLSX itself and trusts nothing but the data), so that it is handed only
 * archives whose declared sizes are true.
 */
export function scanZip(bytes: Uint8Array, options: { fileName?: string; limits?: ZipLimits } = {}): void {
  const fileName = options.fileName ?? 'the archive';
  checkZipLimits(bytes, options);
  const budget = byteBudget(options.limits);
  for (const entry of listZipEntries(bytes, fileName)) if (!entry.name.endsWith('/')) inflateEntry(bytes, entry, fileName, budget, false);
}

/**
 * Extracts the entries `accept` chooses, after checking their declared sizes against the limits
 * (from the central directory, BEFORE inflating). Each entry is then inflated as a stream with a
 * running byte count: one that inflates to more than it declares is refused as soon as it does,
 * so a bomb that lies about its sizes takes no more memory than the sizes it declares.
 */
export function unzipSafely(
  bytes: Uint8Array,
  options: { fileName?: string; limits?: ZipLimits; accept?: (name: string) => boolean } = {},
): Record<string, Uint8Array> {
  const fileName = options.fileName ?? 'the archive';
  const accept = options.accept ?? (() => true);
  const chosen = listZipEntries(bytes, fileName).filter((e) => !e.name.endsWith('/') && accept(e.name));
  const total = chosen.reduce((sum, e) => sum + e.originalSize, 0);
  const compressed = chosen.reduce((sum, e) => sum + e.size, 0);
  checkExpansion(total, compressed, fileName, options.limits);
  const budget = byteBudget(options.limits);
  const files: Record<string, Uint8Array> = {};
  for (const entry of chosen) files[entry.name] = inflateEntry(bytes, entry, fileName, budget, true)!;
  return files;
}

/**
 * Inflates gzip bytes after checking the size the gzip trailer declares against the limits, as a
 * stream with a running byte count that stops as soon as the data outgrows the declared size (or,
 * for a file of several members, the limits).
 */
export function gunzipSafely(bytes: Uint8Array, options: { fileName?: string; limits?: ZipLimits } = {}): Uint8Array {
  const fileName = options.fileName ?? 'the file';
  if (bytes.length < 18) {
    throw new ImportError(errorIssue('unrecognised-format', `${fileName} is a truncated gzip file (${bytes.length} bytes)`));
  }
  // ISIZE: the last four bytes, little-endian, the uncompressed size modulo 2^32
  const n = bytes.length;
  const declared = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
  checkExpansion(declared, n, fileName, options.limits);
  const { maxTotalBytes, maxRatio } = { ...defaultZipLimits, ...options.limits };
  const limit = Math.min(maxTotalBytes, Math.floor(maxRatio * n));
  // A file of one member declares its size: it is held to it. One of several members declares
  // only the last member's size, so past the first member only the limits hold.
  let out = new Uint8Array(declared);
  let written = 0;
  let members = 1;
  const gunzip = new Gunzip((chunk) => {
    if (members === 1 && written + chunk.length > declared) {
      throw new ImportError(
        errorIssue(
          'limit-exceeded',
          `${fileName} inflates to more than the ${formatBytes(declared)} its gzip trailer declares; it is broken or made to get past the size limits (a gzip bomb), so it was not read further. If it is several gzip files joined together, decompress it and upload what it holds`,
        ),
      );
    }
    if (written + chunk.length > limit) {
      throw overLimit(fileName, limit, limit === maxTotalBytes ? `the limit of ${formatBytes(maxTotalBytes)} (maxTotalBytes)` : `${maxRatio}× its compressed size (maxRatio)`);
    }
    if (written + chunk.length > out.length) {
      const grown = new Uint8Array(Math.min(limit, Math.max(2 * out.length, written + chunk.length)));
      grown.set(out.subarray(0, written));
      out = grown;
    }
    out.set(chunk, written);
    written += chunk.length;
  });
  gunzip.onmember = () => members++;
  try {
    for (let at = 0; at < n; at += PUSH_BYTES) gunzip.push(bytes.subarray(at, at + PUSH_BYTES), at + PUSH_BYTES >= n);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(errorIssue('unrecognised-format', `${fileName}: could not decompress the gzip data (${(e as Error).message})`));
  }
  return out.subarray(0, written);
}

// What is left of maxTotalBytes for the entries of one archive still to be inflated.
interface Budget {
  left: number;
  readonly maxTotalBytes: number;
}

function byteBudget(limits: ZipLimits = {}): Budget {
  const { maxTotalBytes } = { ...defaultZipLimits, ...limits };
  return { left: maxTotalBytes, maxTotalBytes };
}

// Inflates one entry as a stream into a buffer of its declared size (or into nothing), counting.
function inflateEntry(bytes: Uint8Array, entry: ZipEntry, fileName: string, budget: Budget, keep: boolean): Uint8Array | null {
  const data = entryData(bytes, entry, fileName);
  const out = keep ? new Uint8Array(entry.originalSize) : null;
  let written = 0;
  const take = (chunk: Uint8Array) => {
    if (written + chunk.length > entry.originalSize) {
      throw new ImportError(
        errorIssue(
          'limit-exceeded',
          `${fileName}: '${entry.name}' inflates to more than the ${formatBytes(entry.originalSize)} it declares; the archive is broken or made to get past the size limits (a zip bomb), so it was not read further`,
        ),
      );
    }
    // declared sizes within the limits and true make this impossible; it is the count's last word
    if (chunk.length > budget.left) throw overLimit(fileName, budget.maxTotalBytes, `the limit of ${formatBytes(budget.maxTotalBytes)} (maxTotalBytes)`);
    budget.left -= chunk.length;
    out?.set(chunk, written);
    written += chunk.length;
  };
  if (entry.compression === 0) take(data);
  else if (entry.compression === 8) {
    const inflate = new Inflate((chunk) => take(chunk));
    try {
      if (data.length === 0) inflate.push(data, true);
      for (let at = 0; at < data.length; at += PUSH_BYTES) inflate.push(data.subarray(at, at + PUSH_BYTES), at + PUSH_BYTES >= data.length);
    } catch (e) {
      if (e instanceof ImportError) throw e;
      throw new ImportError(errorIssue('unrecognised-format', `${fileName}: '${entry.name}' in the ZIP archive is damaged (its compressed data does not inflate); the archive is broken or truncated. Zip the files again`));
    }
  } else {
    throw new ImportError(errorIssue('unrecognised-format', `${fileName}: '${entry.name}' is compressed with method ${entry.compression}; only stored and deflated entries can be read. Zip it again with a common tool`));
  }
  if (written !== entry.originalSize) {
    throw new ImportError(errorIssue('unrecognised-format', `${fileName}: '${entry.name}' inflates to ${formatBytes(written)}, not the ${formatBytes(entry.originalSize)} it declares; the archive is broken`));
  }
  return out;
}

function overLimit(fileName: string, limitBytes: number, which: string): ImportError {
  return new ImportError(errorIssue('limit-exceeded', `${fileName} expands to more than ${formatBytes(limitBytes)}, past ${which}, whatever its headers declare; it looks like a zip bomb, so it was not read further`));
}

function checkExpansion(total: number, compressed: number, fileName: string, limits: ZipLimits = {}): void {
  const { maxTotalBytes, maxRatio } = { ...defaultZipLimits, ...limits };
  if (total > maxTotalBytes) {
    throw new ImportError(
      errorIssue('limit-exceeded', `${fileName} would expand to ${formatBytes(total)}, more than the limit of ${formatBytes(maxTotalBytes)} (maxTotalBytes)`),
    );
  }
  const ratio = total / Math.max(compressed, 1);
  if (ratio > maxRatio) {
    throw new ImportError(
      errorIssue(
        'limit-exceeded',
        `${fileName} would expand ${Math.round(ratio)}× (${formatBytes(compressed)} to ${formatBytes(total)}), more than the limit of ${maxRatio}× (maxRatio); it looks like a zip bomb`,
      ),
    );
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
