import type { z } from 'zod';
import { describeIssues } from './issue-message';

/**
 * The query validated by `schema` (an object of optional strings), or the message of a
 * 400: a parameter given twice is refused (which one would count is a guess), then the
 * schema's own problems (unknown parameters, bad values).
 */
export function parseQuery<S extends z.ZodType>(query: URLSearchParams, schema: S): { ok: true; value: z.infer<S> } | { ok: false; message: string } {
  const values: Record<string, string> = {};
  for (const [key, value] of query) {
    if (Object.hasOwn(values, key)) return { ok: false, message: `Query parameter "${key}" is given more than once` };
    values[key] = value;
  }
  const parsed = schema.safeParse(values, { reportInput: true });
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: describeIssues(parsed.error, 'query parameter') };
}
