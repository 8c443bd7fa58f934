import { describe, expect, it } from 'vitest';
import { BAD_INPUTS } from '../../test/fixtures/bad-input/make-fixtures';
import { ImportError, errorIssue, warningIssue } from '../importers/import-error';
import { importRequestSchema } from './import-request';
import { parseFile } from './parse-file';
import { planImport, refusalOf, type ImportReport } from './plan-import';

// two countries to join observations to
const context = {
  joinCandidates: async () => [
    { code: 'NER', name: 'Niger' },
    { code: 'NPL', name: 'Nepal' },
  ],
};

// what the import of a fixture ends with: the refusal's message or ImportError's, else the counts
async function outcome(bytes: Uint8Array, name: string, request: Record<string, unknown>) {
  try {
    const req = importRequestSchema.parse(request);
    const parsed = await parseFile(bytes, name, { encoding: req.encoding });
    const { report } = await planImport(parsed, req, context);
    const refusal = refusalOf(report, req);
    return refusal ? { message: refusal.message, code: refusal.code } : { toWrite: report.toWrite };
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    return { message: err.message, code: err.issues[0].code };
  }
}

const report = (patch: Partial<ImportReport>): ImportReport => ({
  fileName: 'sites.csv', format: 'csv', kind: 'sites', rowsRead: 3, toWrite: { areas: 0, sites: 2, observations: 0 }, issues: [], errorCount: 0, join: null, ...patch,
});

describe('planImport and refusalOf on the bad-input corpus', () => {
  for (const b of BAD_INPUTS) {
    it(b.fails ? `${b.name}: fails with ${b.fails.source.slice(1, 60)}…` : `${b.name}: imports`, async () => {
      const result = await outcome(b.bytes(), b.name, b.request);
      if (b.fails) expect(result.message).toMatch(b.fails);
      else expect(result.toWrite).toMatchObject(b.writes ?? {});
    });
  }
});

describe('refusalOf', () => {
  it('lets a plan start whose errors are rows it leaves out, when it still writes some', () => {
    const left = errorIssue('out-of-range', 'sites.csv row 3, column "lat": expected a latitude between -90 and 90, got 999', { row: 3, field: 'lat' });
    expect(refusalOf(report({ issues: [left], errorCount: 1 }))).toBeNull();
  });

  it('refuses a plan with an error about the whole file, though it has rows to write', () => {
    const refusal = refusalOf(report({ issues: [errorIssue('missing-column', 'sites.csv has no column "lat"; columns are a, b', { field: 'lat' })], errorCount: 1 }));
    expect(refusal).toMatchObject({ code: 'plan-has-errors', message: 'sites.csv: the import cannot start while its plan has errors: sites.csv has no column "lat"; columns are a, b' });
  });

  it('does not count the summary of issues not listed as an error about the file', () => {
    const more = { severity: 'error' as const, code: 'more-issues' as const, message: '30 more errors of kind \'non-numeric\' not listed' };
    expect(refusalOf(report({ issues: [errorIssue('non-numeric', 'sites.csv row 2 …', { row: 2 }), more], errorCount: 31 }))).toBeNull();
  });

  it('says how many rows were left out, and the first reason', () => {
    const issues = [warningIssue('missing-value', 'sites.csv row 2, column "lat": no latitude; the row is skipped', { row: 2 }), errorIssue('non-numeric', 'sites.csv row 3, column "lat": expected a latitude in decimal degrees, got "x"', { row: 3 })];
    expect(refusalOf(report({ rowsRead: 1200, toWrite: { areas: 0, sites: 0, observations: 0 }, issues, errorCount: 1 }))?.message).toBe(
      'sites.csv: nothing to import: its 1,200 rows were left out (the first: sites.csv row 3, column "lat": expected a latitude in decimal degrees, got "x")',
    );
  });

  it('names the filters when no row passes them', () => {
    const refusal = refusalOf(report({ rowsRead: 0, toWrite: { areas: 0, sites: 0, observations: 0 } }), { filters: [{ field: 'State', equals: 'Bihar' }] });
    expect(refusal?.message).toBe('sites.csv: nothing to import: no row matches the filters (State = Bihar)');
  });
});
