import type { RegisterWorkerCommand, SetWorkerDrainingCommand } from '@sched/rpc/gen';
import { type ApplyResult, changed, noop } from './apply-result';
import { normalizeExecutors, sameExecutors } from './executors';
import type { Worker } from './job';
import { DEFAULT_WORKER_SLOTS } from './limits';
import type { TableState } from './table-state';

/**
 * RegisterWorker: the leader saw a worker (re)appear or change what it offers. Sets its
 * slots (absent: 1) and executors, and clears `lost`; `draining` is kept (a new worker
 * starts undrained). A registration identical to the record is a no-op. Running jobs are
 * untouched: a worker that shrank its slots keeps them and simply gets no new ones.
 */
export function applyRegisterWorker(state: TableState, cmd: RegisterWorkerCommand): ApplyResult {
  const id = cmd.workerId;
  if (id === 0n) return noop('invalid-worker-id', 'register of worker 0');
  const existing = state.workers.get(id);
  const slots = cmd.slots ?? DEFAULT_WORKER_SLOTS;
  const executors = normalizeExecutors(cmd.executors);
  if (existing !== undefined && !existing.lost && existing.slots === slots && sameExecutors(existing.executors, executors)) {
    return noop('no-change', `worker ${id} is already registered as such`, { workerId: id });
  }
  const worker: Worker = { id, slots, executors, draining: existing?.draining ?? false, lost: false };
  state.putWorker(worker);
  return changed({ type: 'worker-registered', worker });
}

/** SetWorkerDraining: start or stop placing new jobs on a registered worker. */
export function applySetWorkerDraining(state: TableState, cmd: SetWorkerDrainingCommand): ApplyResult {
  const id = cmd.workerId;
  const existing = state.workers.get(id);
  if (existing === undefined) return noop('unknown-worker', `drain change of unknown worker ${id}`, { workerId: id });
  if (existing.draining === cmd.draining) {
    return noop('no-change', `worker ${id} is already ${cmd.draining ? 'draining' : 'not draining'}`, { workerId: id });
  }
  const worker: Worker = { ...existing, draining: cmd.draining };
  state.putWorker(worker);
  return changed({ type: 'worker-draining', worker });
}
