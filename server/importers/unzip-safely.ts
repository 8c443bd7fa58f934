import { gunzipSync, unzipSync, type UnzipFileInfo } from 'fflate';
import { ImportError, errorIssue } from './import-error';

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

export interface ZipEntry {
  name: string;
  /** Compressed size in bytes. */
  size: number;
  /** Uncompressed size in bytes, as the central directory declares it. */
  originalSize: number;
}

/** Lists a zip archive's entries from its central directory without inflating anything. */
export function listZipEntries(bytes: Uint8Array, fileName = 'the archive'): ZipEntry[] {
  const entries: ZipEntry[] = [];
  try {
    unzipSync(bytes, {
      filter: (file: UnzipFileInfo) => {
        entries.push({ name: file.name, size: file.size, originalSize: file.originalSize });
        return false;
      },
    });
  } catch (e) {
    throw new ImportError(errorIssue('unrecognised-format', `${fileName} is not a readable ZIP archive (${(e as Error).message})`));
  }
  return entries;
}

/** Throws 'limit-exceeded' when the archive's declared sizes break the limits; inflates nothing. */
export function checkZipLimits(bytes: Uint8Array, options: { fileName?: string; limits?: ZipLimits } = {}): void {
  const fileName = options.fileName ?? 'the archive';
  const entries = listZipEntries(bytes, fileName);
  const total = entries.reduce((sum, e) => sum + e.originalSize, 0);
  checkExpansion(total, bytes.length, fileName, options.limits);
}

/**
 * Extracts the entries `accept` chooses, after checking their declared sizes against the limits
 * (from the central directory, BEFORE inflating, so a bomb never takes memory). fflate inflates
 * each entry into a buffer of its declared size, so a lying size cannot grow past it.
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
  const names = new Set(chosen.map((e) => e.name));
  try {
    return unzipSync(bytes, { filter: (file) => names.has(file.name) });
  } catch (e) {
    throw new ImportError(errorIssue('unrecognised-format', `${fileName}: could not extract the ZIP archive (${(e as Error).message})`));
  }
}

/** Inflates gzip bytes after checking the size the gzip trailer declares against the limits. */
export function gunzipSafely(bytes: Uint8Array, options: { fileName?: string; limits?: ZipLimits } = {}): Uint8Array {
  const fileName = options.fileName ?? 'the file';
  if (bytes.length < 18) {
    throw new ImportError(errorIssue('unrecognised-format', `${fileName} is a truncated gzip file (${bytes.length} bytes)`));
  }
  // ISIZE: the last four bytes, little-endian, the uncompressed size modulo 2^32
  const n = bytes.length;
  const declared = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
  checkExpansion(declared, n, fileName, options.limits);
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new ImportError(errorIssue('unrecognised-format', `${fileName}: could not decompress the gzip data (${(e as Error).message})`));
  }
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
