/** Turns zod issues into path-qualified lines: `connections[0].qad.baseUrl: must be an https URL`. */
import type { z } from 'zod';

/** `['connections', 0, 'qad']` → `connections[0].qad`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

export interface ConfigIssue {
  path: string;
  message: string;
}

type Issue = z.ZodError['issues'][number];

/** One readable line per problem. Messages never include input values (they may be secrets). */
export function formatIssues(error: z.ZodError, input?: unknown): ConfigIssue[] {
  return formatIssueList(error.issues, [], input);
}

/**
 * The problems of the union option the value was meant for — the one that did not fail on the
 * value's type itself (e.g. `store: { url, password }` is judged as the object form, not as a
 * string) — with the union's path in front; undefined when no single option fits.
 */
function unionBranch(issue: Extract<Issue, { code: 'invalid_union' }>): Issue[] | undefined {
  const fitting = issue.errors.filter(
    (branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  const branch = fitting.length === 1 ? fitting[0] : undefined;
  return branch?.map((i) => ({ ...i, path: [...issue.path, ...i.path] }));
}

function formatIssueList(issues: readonly Issue[], out: ConfigIssue[], input: unknown): ConfigIssue[] {
  for (const issue of issues) {
    if (issue.code === 'invalid_union') {
      const branch = unionBranch(issue);
      if (branch !== undefined) {
        formatIssueList(branch, out, input);
        continue;
      }
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: formatPath([...issue.path, key]), message: 'is not a known field' });
      }
      continue;
    }
    let message = issue.message;
    if (issue.code === 'invalid_type') {
      const missing = input !== undefined && valueAt(input, issue.path) === undefined;
      message = missing
        ? 'is required'
        : /^Invalid input/.test(issue.message)
          ? `must be ${issue.expected}`
          : message;
    }
    out.push({ path: formatPath(issue.path), message });
  }
  return out;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
