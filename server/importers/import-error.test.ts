import { describe, expect, it } from 'vitest';
import { ImportError, IssueCollector, capIssues, errorIssue, throwIfErrors, warningIssue } from './import-error';

describe('ImportError', () => {
  it('takes the first error as its message and counts the others', () => {
    const error = new ImportError([warningIssue('encoding', 'w'), errorIssue('non-numeric', 'row 2 is bad'), errorIssue('non-numeric', 'row 3 is bad')]);
    expect(error.message).toBe('row 2 is bad (and 1 more errors)');
    expect(error.issues).toHaveLength(3);
    expect(error.name).toBe('ImportError');
  });

  it('is thrown by throwIfErrors only when an issue is an error', () => {
    expect(() => throwIfErrors([warningIssue('encoding', 'w')])).not.toThrow();
    expect(() => throwIfErrors([errorIssue('projected-crs', 'p')])).toThrow('p');
  });
});

describe('capIssues', () => {
  it('keeps the first issues of each kind and sums up the rest', () => {
    const issues = [
      ...Array.from({ length: 25 }, (_, i) => errorIssue('non-numeric', `row ${i + 2}`, { row: i + 2 })),
      warningIssue('encoding', 'w'),
    ];
    const capped = capIssues(issues, 20);
    expect(capped).toHaveLength(22);
    expect(capped[19].row).toBe(21);
    expect(capped.at(-1)).toEqual({ severity: 'error', code: 'more-issues', message: "5 more errors of kind 'non-numeric' not listed" });
  });
});

describe('IssueCollector', () => {
  it('counts every issue and error but keeps only the first of each kind', () => {
    const issues = new IssueCollector(2);
    for (let row = 2; row < 100_002; row++) issues.add(errorIssue('non-numeric', `row ${row}`, { row }));
    issues.add(warningIssue('missing-value', 'w'));
    expect([issues.count, issues.errorCount]).toEqual([100_001, 100_000]);
    expect(issues.list()).toEqual([
      errorIssue('non-numeric', 'row 2', { row: 2 }),
      errorIssue('non-numeric', 'row 3', { row: 3 }),
      warningIssue('missing-value', 'w'),
      { severity: 'error', code: 'more-issues', message: "99998 more errors of kind 'non-numeric' not listed" },
    ]);
  });
});
