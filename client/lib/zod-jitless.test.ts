import { describe, expect, it } from 'vitest';

describe('zod-jitless', () => {
  it('makes zod jitless before zod loads, as zod’s own config() reads it', async () => {
    await import('./zod-jitless');
    const { config } = await import('zod');
    expect(config().jitless).toBe(true);
  });
});
