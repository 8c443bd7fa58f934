import { describe, expect, it } from 'vitest';
import { ImportError, capIssues, errorIssue, throwIfErrors, warningIssue } from './import-error';

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
