import type { ZipLimits } from '../importers/unzip-safely';
import { ImportError, errorIssue } from '../importers/import-error';

/** Import limits, configurable through the environment (see server/env.ts). */
export interface ImportLimits {
  /** Largest upload. @default 512 MB */
  maxBytes: number;
  /** Largest number of rows or features in one import. @default 2,000,000 */
  maxRows: number;
  /** Zip archives: largest uncompressed total and expansion ratio. */
  zip: Required<ZipLimits>;
}

export const defaultImportLimits: ImportLimits = {
  maxBytes: 512 * 1024 * 1024,
  maxRows: 2_000_000,
  zip: { maxTotalBytes: 500 * 1024 * 1024, maxRatio: 100 },
};

/** Throws an ImportError naming the row limit when `count` exceeds it. */
export function checkRowLimit(count: number, limits: ImportLimits, fileName: string): void {
  if (count > limits.maxRows) {
    throw new ImportError(
      errorIssue('limit-exceeded', `${fileName} has ${count.toLocaleString('en')} rows or features, more than the limit of ${limits.maxRows.toLocaleString('en')} (IMPORT_MAX_ROWS)`),
    );
  }
}
