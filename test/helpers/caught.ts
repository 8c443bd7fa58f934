/**
 * Runs `fn` and returns the error it throws, so a test can assert on its message and issues.
 *
 * @example
 * const error = await caught<ImportError>(() => readKml('<kml>', { fileName: 'wards.kml' }));
 * expect(error.issues[0].code).toBe('invalid-xml');
 */
export async function caught<E = Error>(fn: () => unknown): Promise<E> {
  try {
    await fn();
  } catch (e) {
    return e as E;
  }
  throw new Error('expected an error, but none was thrown');
}
