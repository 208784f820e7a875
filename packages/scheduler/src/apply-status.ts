import { JobStatus, type UpdateJobStatusCommand } from '@sched/rpc/gen';
import { type ApplyResult, changed, merge, noop } from './apply-result';
import { type Job, isTerminal } from './job';
import { statusName } from './status-names';
import type { TableState } from './table-state';

/** The fields UpdateJobStatusCommand and BatchUpdateJobStatusCommand's JobStatusUpdate share. */
export type StatusReport = Pick<
  UpdateJobStatusCommand,
  'jobId' | 'status' | 'executedBy' | 'exitCode' | 'completedAtMs' | 'attempt'
>;

/**
 * UpdateJobStatus: a worker's result for one attempt. Fencing: only the job's current
 * attempt, still Running, reported by the worker it runs on, can finish it; anything
 * else is a no-op. That makes reports idempotent (a repeated report finds the job already
 * finished) and makes a superseded attempt harmless (a requeue or a newer assignment
 * changed `attempt`). Checked in order: unknown job; status not Running/Completed/Failed
 * (G32: never mapped to Pending); the job Pending (never assigned, or requeued: stale);
 * another attempt; the job finished; another worker; Running again (no change).
 * Completed/Failed store executed_by, exit_code and completed_at as reported.
 */
export function applyStatusReport(state: TableState, report: StatusReport): ApplyResult {
  const jobId = report.jobId;
  const row = state.rows.get(jobId);
  if (row === undefined) return noop('unknown-job', `status update for unknown job ${jobId}`, { jobId });
  const job = row.job;
  const what = `status update of job ${jobId} (attempt ${report.attempt})`;
  if (!isReportable(report.status)) {
    return noop('invalid-status', `${what} to ${statusName(report.status)} (${report.status}) is not allowed`, { jobId });
  }
  if (job.status === JobStatus.PENDING && job.attempt === 0) {
    return noop('not-running', `${what}: job was never assigned`, { jobId });
  }
  if (job.status === JobStatus.PENDING || report.attempt !== job.attempt) {
    return noop('stale-attempt', `${what} ignored: ${currentAttempt(job)}`, { jobId });
  }
  if (isTerminal(job.status)) {
    return noop('already-finished', `${what}: job is already ${statusName(job.status)}`, { jobId });
  }
  if (report.executedBy !== job.assignedWorker) {
    return noop('wrong-worker', `${what} from worker ${report.executedBy}, attempt runs on ${job.assignedWorker}`, {
      jobId,
      workerId: report.executedBy,
    });
  }
  if (report.status === JobStatus.RUNNING) return noop('no-change', `${what}: job is already running`, { jobId });
  const next: Job = {
    ...job,
    status: report.status,
    executedBy: report.executedBy,
    exitCode: report.exitCode,
    completedAtMs: report.completedAtMs,
  };
  state.replace(row, next);
  return changed({ type: 'job-finished', job: next });
}

/** BatchUpdateJobStatus: every report in order, as if each were its own command. */
export function applyStatusBatch(state: TableState, reports: readonly StatusReport[]): ApplyResult {
  if (reports.length === 0) return noop('empty-batch', 'batch status update with no updates');
  return merge(reports.map((report) => applyStatusReport(state, report)));
}

function isReportable(status: JobStatus): boolean {
  return status === JobStatus.RUNNING || status === JobStatus.COMPLETED || status === JobStatus.FAILED;
}

function currentAttempt(job: Job): string {
  if (job.status === JobStatus.PENDING) return `attempt ${job.attempt} was requeued, the job is pending`;
  return `the job's current attempt is ${job.attempt}`;
}
