/** What kind of problem an importer found. */
export type ImportIssueCode =
  | 'unrecognised-format'
  | 'invalid-json'
  | 'invalid-xml'
  | 'encoding'
  | 'limit-exceeded'
  | 'projected-crs'
  | 'reprojected'
  | 'non-numeric'
  | 'out-of-range'
  | 'missing-value'
  | 'duplicate-id'
  | 'duplicate-code'
  | 'duplicate-column'
  | 'missing-column'
  | 'missing-layer'
  | 'ragged-row'
  | 'malformed-row'
  | 'empty-geometry'
  | 'wrong-geometry-type'
  | 'invalid-ring'
  | 'ring-not-closed'
  | 'winding-repaired'
  | 'self-intersection'
  | 'footnote-block'
  | 'unmapped-category'
  | 'multiple-layers'
  | 'nothing-to-import'
  | 'plan-has-errors'
  | 'more-issues';

/**
 * One problem found while importing. The message is written for the person who uploaded the
 * file: it names the file, the row or feature, the field, what was expected and what came.
 */
export interface ImportIssue {
  severity: 'error' | 'warning';
  code: ImportIssueCode;
  message: string;
  /** Row number as a spreadsheet shows it (1-based, the header row counts). */
  row?: number;
  /** 0-based index of the feature in the file. */
  feature?: number;
  field?: string;
}

/** Thrown when a file cannot be imported at all; `issues` holds every reason found. */
export class ImportError extends Error {
  readonly issues: ImportIssue[];

  constructor(issues: ImportIssue | ImportIssue[]) {
    const list = Array.isArray(issues) ? issues : [issues];
    const errors = list.filter((i) => i.severity === 'error');
    const first = (errors[0] ?? list[0])?.message ?? 'Import failed';
    super(errors.length > 1 ? `${first} (and ${errors.length - 1} more errors)` : first);
    this.name = 'ImportError';
    this.issues = list;
  }
}

/** Builds an error issue. */
export function errorIssue(
  code: ImportIssueCode,
  message: string,
  at: Pick<ImportIssue, 'row' | 'feature' | 'field'> = {},
): ImportIssue {
  return { severity: 'error', code, message, ...at };
}

/** Builds a warning issue. */
export function warningIssue(
  code: ImportIssueCode,
  message: string,
  at: Pick<ImportIssue, 'row' | 'feature' | 'field'> = {},
): ImportIssue {
  return { severity: 'warning', code, message, ...at };
}

/** Throws an ImportError carrying all issues when any of them is an error. */
export function throwIfErrors(issues: ImportIssue[]): void {
  if (issues.some((i) => i.severity === 'error')) throw new ImportError(issues);
}

/**
 * Keeps at most `perCode` issues of each code and replaces the rest by one summary issue, so that
 * a file with 100,000 bad rows yields a readable report rather than 100,000 messages.
 */
export function capIssues(issues: ImportIssue[], perCode = 20): ImportIssue[] {
  const collector = new IssueCollector(perCode);
  for (const issue of issues) collector.add(issue);
  return collector.list();
}

/**
 * capIssues for a stream of issues: keeps the first `perCode` of each severity and code, and only
 * counts the rest, so memory stays flat however many rows of a file are bad.
 *
 * @example
 * const issues = new IssueCollector();
 * for (const row of rows) issues.add(…);
 * report.issues = issues.list();
 */
export class IssueCollector {
  /** Issues added, kept or not. */
  count = 0;
  /** Errors added, kept or not. */
  errorCount = 0;
  private readonly kept: ImportIssue[] = [];
  private readonly seen = new Map<string, number>();
  private readonly dropped = new Map<string, { count: number; severity: ImportIssue['severity'] }>();

  constructor(private readonly perCode = 20) {}

  add(issue: ImportIssue): void {
    this.count++;
    if (issue.severity === 'error') this.errorCount++;
    const key = `${issue.severity}:${issue.code}`;
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    if (n <= this.perCode) this.kept.push(issue);
    else this.dropped.set(key, { count: (this.dropped.get(key)?.count ?? 0) + 1, severity: issue.severity });
  }

  /** The kept issues in the order they came, then one summary per code that had more. */
  list(): ImportIssue[] {
    const summaries: ImportIssue[] = [...this.dropped].map(([key, { count, severity }]) => ({
      severity,
      code: 'more-issues',
      message: `${count} more ${severity === 'error' ? 'errors' : 'warnings'} of kind '${key.slice(key.indexOf(':') + 1)}' not listed`,
    }));
    return [...this.kept, ...summaries];
  }
}
