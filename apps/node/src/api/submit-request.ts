import { Code, ConnectError } from '@connectrpc/connect';
import type { SubmitJobRequest } from '@sched/rpc/gen';
import { utf8ByteLength, validateCommandText } from '@sched/scheduler';
import { ConfigError } from '../config/config-error';
import { validateImageName } from '../config/image-name';

/** Longest accepted idempotency key, in UTF-8 bytes. */
export const MAX_IDEMPOTENCY_KEY_BYTES = 128;
export const MAX_ATTEMPTS_LIMIT = 100;
/** One day: the longest per-job timeout a submit may ask for. */
export const MAX_TIMEOUT_MS = 86_400_000;

/** A submit's fields once validated; absent optionals stay absent ("" image = none). */
export interface ValidSubmit {
  readonly command: string;
  readonly image: string | undefined;
  readonly idempotencyKey: string | undefined;
  readonly maxAttempts: number | undefined;
  readonly timeoutMs: number | undefined;
}

/**
 * Checks a SubmitJobRequest's own fields, in this order, each failure INVALID_ARGUMENT:
 * the command (REF §3.2: `Command cannot be empty`, `Command exceeds maximum allowed
 * length`), then our additions: the image (a Docker reference, never starting with `-`:
 * REF G28), the idempotency key (non-empty when present, ≤ 128 bytes), max_attempts
 * (1..100) and timeout_ms (1..86,400,000).
 */
export function validateSubmit(request: SubmitJobRequest): ValidSubmit {
  const commandError = validateCommandText(request.command);
  if (commandError !== undefined) throw invalid(commandError);
  const image = request.image === undefined || request.image === '' ? undefined : checkImage(request.image);
  const key = request.idempotencyKey;
  if (key !== undefined && key === '') throw invalid('Idempotency key cannot be empty');
  if (key !== undefined && utf8ByteLength(key) > MAX_IDEMPOTENCY_KEY_BYTES) {
    throw invalid(`Idempotency key exceeds ${MAX_IDEMPOTENCY_KEY_BYTES} bytes`);
  }
  const { maxAttempts, timeoutMs } = request;
  if (maxAttempts !== undefined && (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT)) {
    throw invalid(`max_attempts must be between 1 and ${MAX_ATTEMPTS_LIMIT}, got ${maxAttempts}`);
  }
  if (timeoutMs !== undefined && (timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS)) {
    throw invalid(`timeout_ms must be between 1 and ${MAX_TIMEOUT_MS}, got ${timeoutMs}`);
  }
  return { command: request.command, image, idempotencyKey: key, maxAttempts, timeoutMs };
}

function checkImage(image: string): string {
  try {
    return validateImageName(image, 'Invalid image');
  } catch (error) {
    if (error instanceof ConfigError) throw invalid(error.message);
    throw error;
  }
}

function invalid(message: string): ConnectError {
  return new ConnectError(message, Code.InvalidArgument);
}
