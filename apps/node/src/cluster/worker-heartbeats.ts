import type { Heartbeat } from '@sched/scheduler';

/**
 * The latest heartbeat of every worker, as this node received them (only the leader's
 * copy is used). Not replicated: the leader turns differences into commands
 * (reconcileWorkers), so losing this map on failover costs nothing but a liveness window.
 */
export class WorkerHeartbeats {
  private readonly latest = new Map<bigint, Heartbeat>();
  private listener: (() => void) | undefined;

  record(workerId: bigint, heartbeat: Heartbeat): void {
    this.latest.set(workerId, heartbeat);
    this.listener?.();
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
