// Random JSON to every tRPC procedure over HTTP (fast-check, seeded): a bad input is a 400 that
// says what was wrong (the flattened zod error), a well-formed one for a missing record a 404 or
// the like — never a 500, never an engine message. Signed in with a session of its own, so that
// a random account.* call cannot end the other tests' session. Then random files of every format
// through the import pipeline over HTTP, with the database counted after each: a failed import
// leaves no row, a published one exactly the rows its report announced.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appRouter } from '../../server/routers/_app';
import { openDatabase, type Db } from '../../server/store/db';
import { fetchAs, signIn, TEST_ADMIN } from '../helpers/auth';
import { FUZZ_CASES } from '../helpers/fuzz-imports';
import { apiClient, publishUpload, uploadFile, type ImportRequestInput } from './client';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: 'query' | 'mutation'; inputs: unknown[] } }> } })._def.procedures)
  .filter(([, p]) => p._def.inputs.length > 0)
  .map(([path, p]) => ({ path, type: p._def.type }));

// inputs shaped like the real ones often enough to get past the first checks: the keys the
// procedures take, with values of any type
const KEYS = ['id', 'ids', 'version', 'boundarySetId', 'code', 'areaCode', 'title', 'name', 'items', 'targets', 'kind', 'uploadId', 'jobId', 'request', 'bbox', 'datasetId', 'modelId', 'model', 'role', 'userId', 'email', 'orgId', 'k', 'query', 'limit', 'patch', 'weights', 'current', 'next', 'runId', 'level', 'strategy'];
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('', ' ', 'default', 'world-atlas-50m-admin0', 'NPL', '../../etc/passwd', "'; drop table users; --", 'x'.repeat(5000), '\u0000', '🗺️'),
  fc.constantFrom(-1, 0, 1, 2 ** 31, 2 ** 53, 1e308, -0, 0.5),
);
const input = fc.oneof(
  { weight: 3, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 5 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
);

let cookie = '';
beforeAll(async () => {
  cookie = await signIn(inject('serverUrl'), TEST_ADMIN.email, TEST_ADMIN.password);
});

async function call(path: string, type: 'query' | 'mutation', body: unknown): Promise<{ status: number; json: any }> {
  const base = `${inject('serverUrl')}/trpc/${path}`;
  const res =
    type === 'query'
      ? await fetchAs(cookie, `${base}?input=${encodeURIComponent(JSON.stringify(body))}`)
      : await fetchAs(cookie, base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

describe('tRPC inputs under random JSON', () => {
  it(`covers the procedures that take input (${procedures.length})`, () => {
    expect(procedures.length).toBeGreaterThan(40);
  });

  for (const { path, type } of procedures) {
    it(`${path}: a 4xx with a message, never a 500`, async () => {
      await fc.assert(
        fc.asyncProperty(input, async (body) => {
          const { status, json } = await call(path, type, body);
          const error = json?.error;
          if (status >= 500) throw new Error(`${path} answered ${status} to ${JSON.stringify(body).slice(0, 300)}: ${JSON.stringify(json).slice(0, 500)}`);
          if (status === 401) {
            // a random account call may have ended this session: sign in again for the next case
            cookie = await signIn(inject('serverUrl'), TEST_ADMIN.email, TEST_ADMIN.password);
            return;
          }
          if (status >= 400) {
            expect(typeof error?.message, JSON.stringify(json)).toBe('string');
            expect(error.message.length).toBeGreaterThan(0);
            expect(error.message).not.toMatch(/SQLITE_|syntax error|violates|Cannot read propert|is not a function|of undefined|of null/);
            if (status === 400 && error.data?.code === 'BAD_REQUEST' && error.data?.zodError === null) {
              // a refusal after the input parsed (a store's own check) still says what was wrong in words
              expect(error.message).not.toMatch(/^\[/);
            }
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    });
  }
});

describe('imports of random files over HTTP', () => {
  const api = apiClient();
  const published: string[] = [];
  let db: Db;
  const TABLES = ['datasets', 'areas', 'sites', 'observations', 'interventions', 'boundary_sets', 'indicators'] as const;
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(db.db)).rows[0].n);
    return out;
  };
  beforeAll(async () => {
    db = await openDatabase({ dataDir: inject('dataDir'), databaseUrl: inject('databaseUrl') || undefined });
  });
  afterAll(async () => {
    for (const id of published) await api.datasets.remove.mutate({ id }).catch(() => {});
    await db?.close();
  });

  it('each publishes what its report says or fails leaving nothing behind', async () => {
    const cases = fc.oneof(...Object.values(FUZZ_CASES));
    await fc.assert(
      fc.asyncProperty(cases, fc.nat(), async (c, pick) => {
        const bytes = typeof c.bytes === 'function' ? await c.bytes() : c.bytes;
        // observations join to the built-in countries here
        const request = { ...c.requests[pick % c.requests.length], joinTo: 'world-atlas-50m-admin0' } as ImportRequestInput;
        const before = await counts();
        let uploadId: string;
        try {
          uploadId = await uploadFile(c.fileName, bytes);
        } catch (e) {
          // an empty or oversized upload is refused at the door, with its reason
          expect((e as Error).message).toMatch(/^upload of .* failed: 4\d\d /);
          return;
        }
        const job = await publishUpload(api, uploadId, request, { pollMs: 20 });
        const after = await counts();
        if (job.phase === 'published') {
          published.push(job.datasetId!);
          const w = job.report!.toWrite;
          expect(after.areas - before.areas).toBe(w.areas);
          expect(after.sites - before.sites).toBe(w.sites);
          expect(after.observations - before.observations).toBe(w.observations);
          expect(after.interventions - before.interventions).toBe(w.interventions ?? 0);
        } else {
          expect(job.phase).toBe('failed');
          expect(job.error?.message).toMatch(new RegExp(`${c.fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|^Choose|^Boundary set|^Unknown site category`));
          expect(job.error?.message).not.toMatch(/internal error/);
          expect(after).toEqual(before);
        }
      }),
      { seed: SEED, numRuns: Number(process.env.FUZZ_IMPORT_RUNS ?? 20), endOnFailure: true },
    );
  });
});
