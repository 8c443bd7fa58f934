import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Absolute path of a file in shared/data (real public data, read in place, never copied into the repo). */
export function sharedDataPath(relative: string): string {
  return path.resolve(here, '../../../shared/data', relative);
}

/** The bytes of a file in shared/data. */
export function readSharedData(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(sharedDataPath(relative)));
}

/** Runs `fn` and returns the error it throws, so a test can assert on its message and issues. */
export async function caught<E = Error>(fn: () => unknown): Promise<E> {
  try {
    await fn();
  } catch (e) {
    return e as E;
  }
  throw new Error('expected an error, but none was thrown');
}
