/** Turns zod issues into messages that name the path and the value (STYLE.md). */
import type { z } from 'zod';

/** `augment.steps[2].rate` from `['augment', 'steps', 2, 'rate']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let current: unknown = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object' || !(part in (current as object))) return { found: false, value: undefined };
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return { found: true, value: current };
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** One line per issue: `path: message, got value` (or `, missing` when absent). */
export function formatIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    const at = valueAt(input, issue.path);
    const got = at.found ? `, got ${show(at.value)}` : issue.code === 'unrecognized_keys' ? '' : ', missing';
    return `${path}: ${issue.message}${got}`;
  });
}
