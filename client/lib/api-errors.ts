/** A problem the import pipeline found, as the server's error formatter sends it. */
export interface IssueLike {
  severity?: string;
  code?: string;
  message: string;
  /** Spreadsheet row (1-based, header counted). */
  row?: number;
  /** 0-based feature index. */
  feature?: number;
  field?: string;
}

export interface ApiProblem {
  /** The whole error in one sentence, for a line under the form. */
  message: string;
  /** Messages by the name of the input field they concern (`name`, `valueField` …). */
  fields: Record<string, string[]>;
  /** The import issues that came with the error (row, feature, field, message). */
  issues: IssueLike[];
}

interface ErrorData {
  zodError?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } | null;
  importIssues?: IssueLike[] | null;
}

/**
 * Reads a failed tRPC call into what a form shows: messages beside their fields, the import
 * issues in the report, one sentence for the rest. `under` is the input key that holds the form
 * (`request`): its sub-fields are the ones the form knows.
 */
export function readApiError(error: unknown, under?: string): ApiProblem {
  const raw = error instanceof Error ? error.message : String(error ?? '');
  const data = ((error as { data?: ErrorData } | null)?.data ?? {}) as ErrorData;
  const fields: Record<string, string[]> = {};
  const add = (field: string, message: string) => (fields[field] ??= []).includes(message) || fields[field].push(message);

  // tRPC sends an input's validation issues as the JSON of zod's issues, each with its full path;
  // the flattened zodError names only the top-level key
  const zodIssues = parseZodIssues(raw);
  if (zodIssues) {
    for (const issue of zodIssues) {
      const path = under && issue.path[0] === under ? issue.path.slice(1) : issue.path;
      const field = path.find((p): p is string => typeof p === 'string');
      if (field) add(field, issue.message);
    }
  } else if (data.zodError?.fieldErrors) {
    for (const [field, messages] of Object.entries(data.zodError.fieldErrors)) for (const m of messages ?? []) add(field, m);
  }

  const issues = Array.isArray(data.importIssues) ? data.importIssues : [];
  for (const issue of issues) if (issue.field && issue.severity !== 'warning') add(issue.field, issue.message);

  const message = zodIssues ? zodIssues.map((i) => i.message).join('; ') : raw;
  return { message, fields, issues };
}

function parseZodIssues(message: string): { path: (string | number)[]; message: string }[] | null {
  if (!message.startsWith('[')) return null;
  try {
    const parsed = JSON.parse(message) as unknown;
    if (!Array.isArray(parsed)) return null;
    const issues = parsed.filter(
      (i): i is { path: (string | number)[]; message: string } => !!i && Array.isArray(i.path) && typeof i.message === 'string',
    );
    return issues.length ? issues : null;
  } catch {
    return null;
  }
}
