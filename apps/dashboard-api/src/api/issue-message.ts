import type { z } from 'zod';

/**
 * One clear sentence per problem of a zod parse, for the `error` of a 400 answer, unknown
 * keys first (a misspelt key usually also leaves a required one missing), joined by `; ` (each sentence once):
 * `Unknown field "comand"; Missing required field "command"`. `what` names the kind of
 * input (`field`, `query parameter`). Messages that schemas word themselves (command
 * rules, ranges) pass through unchanged; issues must come from a parse with
 * `reportInput: true`, so a missing value (input undefined: JSON has no undefined) is told
 * apart from a wrong one.
 */
export function describeIssues(error: z.ZodError, what: 'field' | 'query parameter'): string {
  const issues = [...error.issues].sort((a, b) => rank(a) - rank(b));
  return [...new Set(issues.map((issue) => describeIssue(issue, what)))].join('; ');
}

function rank(issue: z.core.$ZodIssue): number {
  return issue.code === 'unrecognized_keys' ? 0 : 1;
}

function describeIssue(issue: z.core.$ZodIssue, what: string): string {
  const name = issue.path.map(String).join('.');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
      return `Unknown ${what}${issue.keys.length > 1 ? 's' : ''} ${keys}`;
    }
    case 'invalid_type':
      if (name === '') return what === 'field' ? 'Request body must be a JSON object' : 'Invalid query';
      if (issue.input === undefined) return `Missing required ${what} "${name}"`;
      return `${capitalised(what)} "${name}" must be ${article(issue.expected)}, got ${jsonType(issue.input)}`;
    default:
      return issue.message;
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function article(expected: string): string {
  if (expected === 'int') return 'an integer';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** The JSON type of a value, as a reader of the body would name it. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
