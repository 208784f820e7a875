import { type CancelJobCommand, JobStatus } from '@sched/rpc/gen';
import { type ApplyResult, changed, noop } from './apply-result';
import { type Job, isTerminal } from './job';
import { statusName } from './status-names';
import type { TableState } from './table-state';

/**
 * CancelJob: a Pending or Running job becomes Cancelled with completed_at = the leader's
 * cancelled_at_ms. A Running job keeps its assigned worker, whose node kills it on this
 * effect; its later report is then a no-op. Unknown and finished jobs are no-ops with
 * nomad-lite's wording (`job not found`, `job is already <status>`).
 */
export function applyCancel(state: TableState, cmd: CancelJobCommand): ApplyResult {
  const jobId = cmd.jobId;
  const row = state.rows.get(jobId);
  if (row === undefined) return noop('unknown-job', `cancel of job ${jobId}: job not found`, { jobId });
  const job = row.job;
  if (isTerminal(job.status)) {
    return noop('already-finished', `cancel of job ${jobId}: job is already ${statusName(job.status)}`, { jobId });
  }
  const next: Job = { ...job, status: JobStatus.CANCELLED, completedAtMs: cmd.cancelledAtMs };
  state.replace(row, next);
  return changed({ type: 'job-cancelled', job: next, previous: job.status });
}
