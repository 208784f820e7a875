import type { Command } from '@sched/rpc/gen';
import { type ApplyResult, commands, isTerminal, type JobTable, liveWorkerIds, planAssignments, reconcileWorkers } from '@sched/scheduler';
import type { Logger } from '../log/logger';
import type { WorkerHeartbeats } from './worker-heartbeats';

export interface LeaderDutiesOptions {
  isLeader(): boolean;
  table(): JobTable;
  propose(command: Command): Promise<ApplyResult>;
  readonly heartbeats: WorkerHeartbeats;
  /** Wall clock, ms since the epoch: stamps WorkerLost and eviction cutoffs. */
  nowMs(): number;
  /** Monotonic clock, ms: worker liveness (heartbeats' `atMs`) and the eviction period. */
  monotonicMs(): number;
  readonly workerLivenessMs: number;
  /** Periodic pass, on top of the passes kicked by heartbeats and applied changes. */
  readonly intervalMs: number;
  /** Finished jobs older than this are evicted (REF: 3600 s), checked every `evictEveryMs` (REF: 300 s). */
  readonly retentionMs: number;
  readonly evictEveryMs: number;
  readonly log: Logger;
}

/**
 * What only the leader does, as proposals through Raft: keep the table's workers in line
 * with the heartbeats it receives (register, drain, lost → requeue), assign pending jobs
 * (FIFO, least loaded), and evict old finished jobs with a cutoff it chooses. It runs on
 * every relevant change (kick) and periodically, so a pending job never waits for an
 * unrelated submission (REF G22). Everything it proposes is re-checked at apply, so a
 * stale pass costs a no-op, never a wrong state.
 */
export class LeaderDuties {
  private timer: NodeJS.Timeout | undefined;
  private scheduled = false;
  private reconciling = false;
  /** Assignments proposed and not yet applied: job id -> worker id. */
  private readonly inFlight = new Map<string, bigint>();
  /** Workers whose restart requeue is proposed and not yet applied. */
  private readonly requeueing = new Set<bigint>();
  private leaderSinceMs = 0;
  /** Monotonic; -Infinity: the first pass evicts, however long ago the machine booted. */
  private lastEvictionMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: LeaderDutiesOptions) {
    options.heartbeats.onRecord(() => this.kick());
    options.heartbeats.onRestart((worker) => this.workerRestarted(worker));
  }

  /**
   * A worker restarted while the table still shows attempts running on it: they are dead.
   * WorkerLost requeues them (attempt + 1) and the next reconcile registers the worker
   * again, which never re-runs the old attempts (fencing). One proposal per worker at a time.
   */
  private workerRestarted(worker: bigint): void {
    if (!this.options.isLeader() || this.requeueing.has(worker) || this.options.table().runningOn(worker).length === 0) return;
    this.requeueing.add(worker);
    this.options.log.info('Worker restarted; requeueing its attempts', { worker });
    void this.propose(commands.workerLost(worker, BigInt(Math.trunc(this.options.nowMs()))), 'requeue after restart').finally(() =>
      this.requeueing.delete(worker),
    );
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.options.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * This node just became leader: nobody has been heard yet, so nobody is lost before a full
   * window. Eviction is not postponed: a new leader evicts at its first pass, since waiting
   * a full period after every election starves eviction when leadership changes often.
   */
  becameLeader(): void {
    this.leaderSinceMs = this.options.monotonicMs();
    this.kick();
  }

  /** Something relevant changed (a job was submitted or finished, a worker appeared): run a pass soon. */
  kick(): void {
    if (this.scheduled || this.timer === undefined) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.options.isLeader()) this.pass();
    });
  }

  private pass(): void {
    const { table, heartbeats, nowMs, monotonicMs, workerLivenessMs } = this.options;
    const view = { heartbeats: heartbeats.view(), monotonicNowMs: monotonicMs(), wallClockMs: nowMs(), leaderSinceMs: this.leaderSinceMs, windowMs: workerLivenessMs };
    if (!this.reconciling) {
      const changes = reconcileWorkers(table(), view);
      if (changes.length > 0) {
        this.reconciling = true;
        void Promise.allSettled(changes.map((c) => this.propose(c, 'worker change'))).then(() => {
          this.reconciling = false;
          this.kick();
        });
      }
    }
    for (const placement of planAssignments(table(), liveWorkerIds(view), this.inFlight)) {
      this.inFlight.set(placement.jobId, placement.workerId);
      void this.propose(commands.assignJob(placement), 'assignment').finally(() => this.inFlight.delete(placement.jobId));
    }
    if (view.monotonicNowMs - this.lastEvictionMs >= this.options.evictEveryMs) {
      this.lastEvictionMs = view.monotonicNowMs;
      const cutoff = view.wallClockMs - this.options.retentionMs;
      if (hasFinishedBefore(table(), cutoff)) void this.propose(commands.evictJobs(BigInt(Math.trunc(cutoff))), 'eviction');
    }
  }

  private async propose(command: Command, what: string): Promise<void> {
    try {
      await this.options.propose(command);
    } catch (error) {
      this.options.log.debug(`Leader ${what} not applied`, { error: error instanceof Error ? error.message : String(error) });
    }
  }
}

function hasFinishedBefore(table: JobTable, cutoffMs: number): boolean {
  const counts = table.countsByStatus();
  if (counts.completed + counts.failed + counts.cancelled === 0) return false;
  const cutoff = BigInt(Math.trunc(cutoffMs));
  return table.stream().some((j) => isTerminal(j.status) && (j.completedAtMs ?? j.createdAtMs) < cutoff);
}
