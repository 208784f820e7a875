import type { Command } from '@sched/rpc/gen';
import { registerWorker, setWorkerDraining, workerLost } from './commands';
import { normalizeExecutors, sameExecutors } from './executors';
import type { JobTable } from './job-table';

/**
 * Leader-side worker liveness. Heartbeats are NOT replicated (one entry per worker every
 * 2 s would dominate the log); the leader keeps the latest one per worker in memory and
 * turns what it observes into a few replicated commands:
 *
 * - a worker heard within the window that the table does not know, knows as lost, or
 *   knows with other slots/executors -> RegisterWorker;
 * - a live worker whose draining flag differs from the table -> SetWorkerDraining;
 * - a worker the table knows as not lost, unheard for the whole window -> WorkerLost
 *   (which requeues its Running jobs). A new leader has heard nobody yet, so it counts
 *   every worker as heard at `leaderSinceMs`: a failover never makes workers look lost.
 *
 * Pure and level-triggered: call it on every heartbeat and periodically; it proposes the
 * difference between the observed world and the table, so a command lost with a failed
 * proposal is simply proposed again next time, and a repeated one applies as `no-change`.
 */

export interface Heartbeat {
  /** Leader's monotonic clock (ms) when the heartbeat arrived. */
  readonly atMs: number;
  /** What the worker reported (WorkerHeartbeatRequest; absent slots: 1). */
  readonly slots: number;
  readonly executors: readonly string[];
  readonly draining: boolean;
}

export interface LivenessView {
  /** Latest heartbeat per worker id received by this leader. */
  readonly heartbeats: ReadonlyMap<bigint, Heartbeat>;
  /**
   * Leader's monotonic clock now, ms. Liveness is measured on it, so a step of the wall
   * clock (NTP, an operator) never makes live workers look lost.
   */
  readonly monotonicNowMs: number;
  /** Leader's monotonic clock when this node became leader, ms. */
  readonly leaderSinceMs: number;
  /** Leader's wall clock now, ms since the epoch: the time WorkerLost records. */
  readonly wallClockMs: number;
  /** Worker liveness window (SPEC default 5000 ms). */
  readonly windowMs: number;
}

/** Workers heard within the window: the `live` input of planAssignments. */
export function liveWorkerIds(view: LivenessView): Set<bigint> {
  const live = new Set<bigint>();
  for (const [id, beat] of view.heartbeats) if (view.monotonicNowMs - beat.atMs < view.windowMs) live.add(id);
  return live;
}

/** Commands that bring the table's workers in line with what the leader observes, by worker id. */
export function reconcileWorkers(table: JobTable, view: LivenessView): Command[] {
  const live = liveWorkerIds(view);
  const ids = [...new Set([...live, ...table.workers().map((w) => w.id)])].sort((a, b) => (a < b ? -1 : 1));
  const commands: Command[] = [];
  for (const id of ids) {
    const known = table.worker(id);
    const beat = view.heartbeats.get(id);
    if (beat !== undefined && live.has(id)) {
      const executors = normalizeExecutors(beat.executors);
      const stale = known === undefined || known.lost || known.slots !== beat.slots || !sameExecutors(known.executors, executors);
      if (stale) commands.push(registerWorker(id, beat.slots, executors));
      if (beat.draining !== (known?.draining ?? false)) commands.push(setWorkerDraining(id, beat.draining));
    } else if (known !== undefined && !known.lost) {
      const lastHeard = Math.max(beat?.atMs ?? -Infinity, view.leaderSinceMs);
      if (view.monotonicNowMs - lastHeard >= view.windowMs) commands.push(workerLost(id, BigInt(Math.trunc(view.wallClockMs))));
    }
  }
  return commands;
}
