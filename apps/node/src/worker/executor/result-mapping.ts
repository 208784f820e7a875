import type { CapturedOutput, ExecutionResult } from './executor';
import { formatSeconds } from './format-duration';
import type { ProcessRun } from './run-process-tree';
import { spawnErrorText } from './spawn-error';

const EMPTY: CapturedOutput = { text: '', truncated: false, droppedBytes: 0 };

/**
 * A finished process as a job result (REF §8 mapping, stderr kept on success):
 * - exit 0 → completed;
 * - other exit → failed, error = stderr if any, else `Exit code: Some(<n>)`, or
 *   `Exit code: None` when a signal killed it;
 * - could not start → failed, error = the OS error text, no exit code;
 * - timeout → failed, `Timed out after <timeout>`, no exit code;
 * - abort → cancelled, no exit code.
 * A failed clean-up after a kill (`docker rm -f`) is appended to the error.
 */
export function toExecutionResult(run: ProcessRun, timeoutMs: number): ExecutionResult {
  const base = { stdout: run.stdout, stderr: run.stderr, startedAtMs: run.startedAtMs, finishedAtMs: run.finishedAtMs };
  const cleanup = run.afterKillError === undefined ? '' : `; ${run.afterKillError}`;
  const end = run.end;
  switch (end.kind) {
    case 'cancelled':
      return { outcome: 'cancelled', ...base, ...(cleanup === '' ? {} : { error: `Cancelled${cleanup}` }) };
    case 'timed-out':
      return { outcome: 'failed', ...base, error: `Timed out after ${formatSeconds(timeoutMs)}${cleanup}` };
    case 'spawn-failed':
      return { outcome: 'failed', ...base, error: spawnErrorText(end.error) };
    case 'exited': {
      if (end.code === 0) return { outcome: 'completed', exitCode: 0, ...base };
      const status = end.code === null ? 'None' : `Some(${end.code})`;
      return {
        outcome: 'failed',
        ...(end.code === null ? {} : { exitCode: end.code }),
        ...(end.signal === null ? {} : { signal: end.signal }),
        ...base,
        error: run.stderr.text !== '' ? run.stderr.text : `Exit code: ${status}`,
      };
    }
  }
}

/** A job refused before anything was spawned (invalid image, wrong executor). */
export function failedBeforeStart(error: string): ExecutionResult {
  const now = Date.now();
  return { outcome: 'failed', stdout: EMPTY, stderr: EMPTY, error, startedAtMs: now, finishedAtMs: now };
}

/** An image job given to an executor that runs no containers (placement never does this). */
export function imageRefused(kind: string): ExecutionResult {
  return failedBeforeStart(`the ${kind} executor runs no images; jobs with an image need a docker worker`);
}
