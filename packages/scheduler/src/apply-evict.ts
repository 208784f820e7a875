import type { EvictJobsCommand } from '@sched/rpc/gen';
import { type ApplyResult, changed, noop } from './apply-result';
import { type Job, isTerminal } from './job';
import type { TableState } from './table-state';

/**
 * EvictJobs: remove every finished job that finished before the leader-chosen cutoff
 * (the leader proposes now - retention). A job that finished without a completed_at is
 * judged by its created_at, so every finished job is eventually evicted. Active jobs are
 * never evicted. An evicted job's idempotency key is forgotten with it.
 */
export function applyEvict(state: TableState, cmd: EvictJobsCommand): ApplyResult {
  const jobIds = state.evict((job) => isEvictable(job, cmd.cutoffMs));
  if (jobIds.length === 0) return noop('nothing-to-evict', `no finished job before ${cmd.cutoffMs}`);
  return changed({ type: 'jobs-evicted', jobIds });
}

function isEvictable(job: Job, cutoffMs: bigint): boolean {
  return isTerminal(job.status) && (job.completedAtMs ?? job.createdAtMs) < cutoffMs;
}
