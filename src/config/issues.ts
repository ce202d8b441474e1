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

/** One readable line per problem. Messages never include input values (they may be secrets). */
export function formatIssues(error: z.ZodError, input?: unknown): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
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
