import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('IMPORT_THREAD', () => {
  it('defaults to worker, ignores case and spaces, and names a bad value', () => {
    expect(parseEnv({}).IMPORT_THREAD).toBe('worker');
    expect(parseEnv({ IMPORT_THREAD: '' }).IMPORT_THREAD).toBe('worker');
    expect(parseEnv({ IMPORT_THREAD: ' Main ' }).IMPORT_THREAD).toBe('main');
    expect(() => parseEnv({ IMPORT_THREAD: 'fork' })).toThrow(/IMPORT_THREAD="fork": expected 'worker' or 'main'/);
  });
});
