import { type AssignJobCommand, JobStatus } from '@sched/rpc/gen';
import { type ApplyResult, type Noop, changed, noop } from './apply-result';
import { runsImages } from './executors';
import type { Job } from './job';
import { statusName } from './status-names';
import type { TableState } from './table-state';

/**
 * AssignJob: start attempt `cmd.attempt` of a Pending job on a worker. Checked at apply,
 * against the replicated state only (so every node decides alike, whatever the leader
 * believed when it proposed): the job is Pending, the attempt is the job's next one, and
 * the worker is registered, not lost, not draining, has a free slot and, for a job with
 * an image, the docker executor. Liveness is the leader's business (placement input).
 */
export function applyAssign(state: TableState, cmd: AssignJobCommand): ApplyResult {
  const jobId = cmd.jobId;
  const row = state.rows.get(jobId);
  if (row === undefined) return noop('unknown-job', `assign of unknown job ${jobId}`, { jobId });
  const job = row.job;
  if (job.status !== JobStatus.PENDING) {
    return noop('not-pending', `assign of job ${jobId}: job is ${statusName(job.status)}`, { jobId });
  }
  if (cmd.attempt !== job.attempt + 1) {
    return noop('stale-attempt', `assign of job ${jobId} for attempt ${cmd.attempt}, expected ${job.attempt + 1}`, {
      jobId,
    });
  }
  const refusal = workerRefusal(state, cmd.workerId, job);
  if (refusal !== undefined) return { effects: [], noops: [refusal] };
  const next: Job = { ...job, status: JobStatus.RUNNING, assignedWorker: cmd.workerId, attempt: cmd.attempt };
  state.replace(row, next);
  return changed({ type: 'job-assigned', job: next });
}

function workerRefusal(state: TableState, workerId: bigint, job: Job): Noop | undefined {
  const ids = { jobId: job.id, workerId };
  const worker = state.workers.get(workerId);
  const prefix = `assign of job ${job.id} to worker ${workerId}`;
  if (worker === undefined) return { reason: 'unknown-worker', message: `${prefix}: unknown worker`, ...ids };
  if (worker.lost) return { reason: 'worker-lost', message: `${prefix}: worker is lost`, ...ids };
  if (worker.draining) return { reason: 'worker-draining', message: `${prefix}: worker is draining`, ...ids };
  if (state.runningCount(workerId) >= worker.slots) {
    return { reason: 'worker-full', message: `${prefix}: all ${worker.slots} slots busy`, ...ids };
  }
  if (job.image !== undefined && !runsImages(worker)) {
    return { reason: 'no-docker', message: `${prefix}: job has an image, worker has no docker executor`, ...ids };
  }
  return undefined;
}
