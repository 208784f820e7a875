import type { Heartbeat } from '@sched/scheduler';

/**
 * The latest heartbeat of every worker, as this node received them (only the leader's
 * copy is used). Not replicated: the leader turns differences into commands
 * (reconcileWorkers), so losing this map on failover costs nothing but a liveness window.
 */
export class WorkerHeartbeats {
  private readonly latest = new Map<bigint, Heartbeat>();
  private listener: (() => void) | undefined;
  private restartListener: ((workerId: bigint) => void) | undefined;

  /**
   * Keeps `heartbeat` as the worker's latest. `staleAttempts`: the worker says the table
   * shows attempts on it that it is not running (it restarted since); they must be requeued.
   */
  record(workerId: bigint, heartbeat: Heartbeat, staleAttempts: boolean): void {
    this.latest.set(workerId, heartbeat);
    if (staleAttempts) this.restartListener?.(workerId);
    this.listener?.();
  }

  /** Called for every heartbeat that reports stale attempts (see `record`). */
  onRestart(listener: (workerId: bigint) => void): void {
    this.restartListener = listener;
  }

  view(): ReadonlyMap<bigint, Heartbeat> {
    return this.latest;
  }

  /** Called after every heartbeat, so the leader reconciles and assigns without waiting for its timer. */
  onRecord(listener: () => void): void {
    this.listener = listener;
  }

  clear(): void {
    this.latest.clear();
  }
}
