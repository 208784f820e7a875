import { JobStatus, type SubmitJobCommand } from '@sched/rpc/gen';
import { type ApplyResult, changed, noop } from './apply-result';
import { validateCommandText } from './command-text';
import type { Job } from './job';
import { isCanonicalJobId } from './job-id';
import { DEFAULT_MAX_ATTEMPTS } from './limits';
import type { TableState } from './table-state';

/**
 * SubmitJob: insert a Pending job, unless (checked in this order) the id is not a canonical
 * UUID, the command text is invalid, the id exists already (the same entry proposed twice),
 * the idempotency key belongs to a job in the table (a retried submit: the noop names the
 * original job so the caller can answer with its id), or `capacity` active jobs exist.
 * An empty image or idempotency key counts as absent; max_attempts 0 means the default.
 */
export function applySubmit(state: TableState, cmd: SubmitJobCommand, capacity: number): ApplyResult {
  const jobId = cmd.jobId;
  if (!isCanonicalJobId(jobId)) return noop('invalid-job-id', `submit with invalid job id ${JSON.stringify(jobId)}`);
  const textError = validateCommandText(cmd.command);
  if (textError !== undefined) return noop('invalid-command', `submit of job ${jobId}: ${textError}`, { jobId });
  if (state.rows.has(jobId)) return noop('duplicate-job-id', `job ${jobId} already exists`, { jobId });
  const key = nonEmpty(cmd.idempotencyKey);
  const original = key === undefined ? undefined : state.keys.get(key);
  if (original !== undefined) {
    return noop('duplicate-idempotency-key', `submit of job ${jobId} repeats the idempotency key of job ${original}`, {
      jobId: original,
    });
  }
  if (state.activeCount() >= capacity) {
    return noop('at-capacity', `Job queue is at capacity, job ${jobId} dropped`, { jobId });
  }
  const job: Job = {
    id: jobId,
    command: cmd.command,
    image: nonEmpty(cmd.image),
    status: JobStatus.PENDING,
    assignedWorker: 0n,
    executedBy: 0n,
    exitCode: undefined,
    createdAtMs: cmd.createdAtMs,
    completedAtMs: undefined,
    attempt: 0,
    maxAttempts: cmd.maxAttempts !== undefined && cmd.maxAttempts > 0 ? cmd.maxAttempts : DEFAULT_MAX_ATTEMPTS,
    timeoutMs: cmd.timeoutMs !== undefined && cmd.timeoutMs > 0 ? cmd.timeoutMs : undefined,
    idempotencyKey: key,
    failure: undefined,
  };
  state.insert(job);
  return changed({ type: 'job-submitted', job });
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text;
}
