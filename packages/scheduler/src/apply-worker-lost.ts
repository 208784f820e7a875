import { JobStatus, type WorkerLostCommand } from '@sched/rpc/gen';
import { type ApplyResult, type Effect, changed, noop } from './apply-result';
import type { Job } from './job';
import type { TableState } from './table-state';

/**
 * WorkerLost: the leader has not heard from the worker for the liveness window. The
 * worker is marked lost (no assignment to it applies until a RegisterWorker), and each of
 * its Running jobs, in submit order:
 * - with attempts left (attempt < maxAttempts): back to Pending, unassigned, keeping its
 *   submit position (it is first in FIFO order among younger jobs); its next assignment
 *   starts attempt + 1, so the lost attempt's late report is fenced off;
 * - on its last attempt: Failed, completed_at = lost_at_ms, with `failure` saying why.
 * A worker that is unknown and runs nothing, or is already lost and runs nothing, is a no-op.
 */
export function applyWorkerLost(state: TableState, cmd: WorkerLostCommand): ApplyResult {
  const id = cmd.workerId;
  if (id === 0n) return noop('invalid-worker-id', 'loss of worker 0');
  const existing = state.workers.get(id);
  const running = state.runningOn(id);
  if (running.length === 0 && (existing === undefined || existing.lost)) {
    const why = existing === undefined ? 'unknown-worker' : 'no-change';
    return noop(why, `loss of worker ${id}: ${existing === undefined ? 'unknown worker' : 'already lost'}`, {
      workerId: id,
    });
  }
  const effects: Effect[] = [];
  if (existing !== undefined && !existing.lost) {
    const worker = { ...existing, lost: true };
    state.putWorker(worker);
    effects.push({ type: 'worker-lost', worker });
  }
  for (const row of running) {
    const job = row.job;
    if (job.attempt < job.maxAttempts) {
      const next: Job = { ...job, status: JobStatus.PENDING, assignedWorker: 0n };
      state.replace(row, next);
      effects.push({ type: 'job-requeued', job: next, lostWorker: id });
    } else {
      const failure = `worker ${id} lost (attempt ${job.attempt} of ${job.maxAttempts}; no attempts left)`;
      const next: Job = { ...job, status: JobStatus.FAILED, completedAtMs: cmd.lostAtMs, failure };
      state.replace(row, next);
      effects.push({ type: 'job-exhausted', job: next, lostWorker: id });
    }
  }
  return changed(...effects);
}
