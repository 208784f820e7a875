import type { ExecutorKind } from '../../config/server-config';

export type { ExecutorKind };

/** Per stream, unless configured otherwise (SPEC §3 Execution: 1 MiB per stream). */
export const DEFAULT_OUTPUT_LIMIT_BYTES = 1024 * 1024;

/** What an executor needs to know about one attempt of a job. */
export interface ExecutionJob {
  readonly jobId: string;
  readonly attempt: number;
  /** Run as `sh -c <command>`, inside the sandbox or container. */
  readonly command: string;
  /** Only the docker executor runs images; absent means the executor's default image. */
  readonly image?: string;
  /** Wall clock from spawn; on expiry the whole process tree (or container) is killed. */
  readonly timeoutMs: number;
}

/**
 * One stream of a job as text: UTF-8 with invalid bytes replaced by U+FFFD. When the
 * process wrote more than the cap, `text` is the first cap bytes (cut back to a character
 * boundary) followed by the truncation marker, `truncated` is true and `droppedBytes`
 * counts what was read and discarded.
 */
export interface CapturedOutput {
  readonly text: string;
  readonly truncated: boolean;
  readonly droppedBytes: number;
}

/**
 * How an attempt ended:
 * - `completed`: exit status 0;
 * - `failed`: non-zero exit, killed by a signal, timed out, or could not be started;
 *   `error` says which (REF §8 wording: stderr, `Exit code: Some(<n>)`, `Exit code: None`,
 *   the OS error text, `Timed out after <duration>`);
 * - `cancelled`: the AbortSignal fired; the process tree was killed.
 * `exitCode` is absent when the process did not exit by itself (signal, timeout, cancel,
 * spawn failure); `signal` names the signal that killed the process we spawned, if one did.
 * stdout and stderr are always kept, on success too (REF drops stderr on success, G28).
 */
export interface ExecutionResult {
  readonly outcome: 'completed' | 'failed' | 'cancelled';
  readonly exitCode?: number;
  readonly signal?: string;
  readonly stdout: CapturedOutput;
  readonly stderr: CapturedOutput;
  readonly error?: string;
  /** Epoch milliseconds (this node's clock) at spawn and when the attempt ended. */
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
}

/**
 * Runs one job attempt to its end. `run` never rejects: every failure is a `failed`
 * result. Aborting `signal` kills the attempt and resolves `cancelled` within 1 s.
 */
export interface Executor {
  readonly kind: ExecutorKind;
  /** One line for the start log: what this executor isolates and which limits it enforces. */
  readonly summary: string;
  run(job: ExecutionJob, signal: AbortSignal): Promise<ExecutionResult>;
}
