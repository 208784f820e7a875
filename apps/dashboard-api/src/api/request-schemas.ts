import { z } from 'zod';
import { exceedsCommandBytes, isBlankCommand, MAX_COMMAND_BYTES } from './command-text';
import { STATUS_NAMES } from './status-names';

/** Most jobs one GET /api/jobs returns, and the default page size. */
export const MAX_LIST_LIMIT = 1000;
/** Longest per-job timeout a submit may ask for (one day, the nodes' limit). */
export const MAX_TIMEOUT_SECONDS = 86_400;
/** Attempts a job may be given at most (the nodes' limit). */
export const MAX_ATTEMPTS = 100;

/** An optional integer field in [min, max], its range error naming it. */
function intBetween(name: string, min: number, max: number) {
  const error = `${name} must be between ${min} and ${max}`;
  return z.int().min(min, { error }).max(max, { error }).optional();
}

/**
 * Body of POST /api/jobs. Unknown keys are refused (REF ignored them). The command rules
 * and their wording are REF §3.2's, empty checked first; everything else the nodes check
 * again (image names, idempotency key bytes).
 */
export const SubmitJobBody = z
  .strictObject({
    command: z
      .string()
      .refine((c) => !isBlankCommand(c), { error: 'Command cannot be empty' })
      .refine((c) => !exceedsCommandBytes(c), { error: 'Command exceeds maximum allowed length' })
      .meta({ description: `Shell command run as \`sh -c <command>\`: 1..${MAX_COMMAND_BYTES} UTF-8 bytes, not all whitespace.` }),
    image: z
      .string()
      .nullable()
      .optional()
      .meta({ description: 'Container image for the docker executor; absent, null or "" means the node default.' }),
    timeout_seconds: intBetween('timeout_seconds', 1, MAX_TIMEOUT_SECONDS).meta({
      description: 'Kill the job after this many seconds (default: the executing node’s job timeout, 30 s).',
    }),
    max_attempts: intBetween('max_attempts', 1, MAX_ATTEMPTS).meta({ description: 'Attempts the job gets when the workers running it are lost (default 3).' }),
    idempotency_key: z
      .string()
      .min(1, { error: 'idempotency_key cannot be empty' })
      .max(128, { error: 'idempotency_key exceeds 128 characters' })
      .optional()
      .meta({ description: 'A retried submit with the same key returns the original job id instead of a new job (at most 128 bytes).' }),
  });
export type SubmitJobBody = z.infer<typeof SubmitJobBody>;

const decimal = (name: string, rule: string) => z.string().regex(/^[0-9]+$/, { error: `${name} must be ${rule}` });

/** Query of GET /api/jobs (every parameter optional, each at most once, no others). */
export const ListJobsQuery = z.strictObject({
  status: z
    .enum(STATUS_NAMES, { error: `status must be one of ${STATUS_NAMES.join(', ')}` })
    .optional()
    .meta({ description: 'Only jobs in this status.' }),
  worker: decimal('worker', 'a positive node id')
    .refine((w) => /^[0-9]{1,19}$/.test(w) && BigInt(w) > 0n, { error: 'worker must be a positive node id' })
    .optional()
    .meta({ description: 'Only jobs assigned to or executed by this node id.' }),
  command: z.string().optional().meta({ description: 'Only jobs whose command contains this text (case-insensitive).' }),
  limit: decimal('limit', `an integer between 1 and ${MAX_LIST_LIMIT}`)
    .transform(Number)
    .pipe(z.int().min(1, { error: `limit must be an integer between 1 and ${MAX_LIST_LIMIT}` }).max(MAX_LIST_LIMIT, { error: `limit must be an integer between 1 and ${MAX_LIST_LIMIT}` }))
    .optional()
    .meta({ description: `Jobs per page, 1..${MAX_LIST_LIMIT} (default ${MAX_LIST_LIMIT}).` }),
  page_token: decimal('page_token', 'a token from the X-Next-Page-Token header')
    .optional()
    .meta({ description: 'Where the page starts: the X-Next-Page-Token of the previous page (absent: the first page).' }),
});
export type ListJobsQuery = z.infer<typeof ListJobsQuery>;
