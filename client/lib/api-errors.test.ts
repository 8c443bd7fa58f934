import { describe, expect, it } from 'vitest';
import { readApiError } from './api-errors';

function trpcError(message: string, data: object) {
  return Object.assign(new Error(message), { data });
}

describe('readApiError', () => {
  it('puts input validation messages beside the fields under the form key', () => {
    const issues = [
      { code: 'too_small', path: ['request', 'name'], message: 'give the dataset a name' },
      { code: 'invalid_format', path: ['request', 'dataDate'], message: 'expected a year or an ISO date' },
      { code: 'invalid_type', path: ['request', 'filters', 0, 'equals'], message: 'expected a string' },
    ];
    const problem = readApiError(trpcError(JSON.stringify(issues, null, 2), { zodError: { formErrors: [], fieldErrors: { request: ['x'] } } }), 'request');
    expect(problem.fields).toEqual({
      name: ['give the dataset a name'],
      dataDate: ['expected a year or an ISO date'],
      filters: ['expected a string'],
    });
    expect(problem.message).toBe('give the dataset a name; expected a year or an ISO date; expected a string');
  });

  it('puts an import error issue beside its field and keeps every issue for the report', () => {
    const importIssues = [
      { severity: 'error', code: 'missing-column', message: 'Choose the column that holds the values', field: 'valueField' },
      { severity: 'warning', code: 'encoding', message: 'Read as Windows-1252', row: 3 },
    ];
    const problem = readApiError(trpcError('Choose the column that holds the values', { zodError: null, importIssues }), 'request');
    expect(problem.fields).toEqual({ valueField: ['Choose the column that holds the values'] });
    expect(problem.issues).toHaveLength(2);
    expect(problem.message).toBe('Choose the column that holds the values');
  });

  it('uses the flattened zod error when the message is not a list of issues', () => {
    const problem = readApiError(trpcError('Bad input', { zodError: { formErrors: [], fieldErrors: { name: ['too long'] } } }));
    expect(problem.fields).toEqual({ name: ['too long'] });
  });

  it('reads a network failure as a message with no fields', () => {
    expect(readApiError(new Error('Failed to fetch'))).toEqual({ message: 'Failed to fetch', fields: {}, issues: [] });
  });
});
