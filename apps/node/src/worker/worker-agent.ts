import { create } from '@bufbuild/protobuf';
import { ResultReporter } from './result-reporter';
import { type Command, JobStatus, WorkerHeartbeatRequestSchema } from '@sched/rpc/gen';
import type { Client } from '@connectrpc/connect';
import type { InternalService } from '@sched/rpc/gen';
import type { ApplyResult, Heartbeat, Job, JobTable } from '@sched/scheduler';
import type { OutputStore, ReportOutbox } from '@sched/storage';
import type { Logger } from '../log/logger';
import type { ExecutionResult, Executor } from './executor/executor';

export interface WorkerAgentOptions {
  readonly self: number;
  /** Jobs run at once; 0 when no executor is available (the worker then takes none). */
  readonly slots: number;
  readonly executor: Executor | undefined;
  /** What heartbeats announce (selectExecutor's `advertises`); empty without an executor. */
  readonly advertises: readonly string[];
  readonly heartbeatMs: number;
  /** The leader's `--worker-liveness-ms`: a worker it has not heard for this long is declared lost. */
  readonly workerLivenessMs: number;
  /**
   * The Raft election timeout (`--election-timeout-ms`): how long a deposed leader may still
   * acknowledge heartbeats after its successor was elected (see `fenceTimings`).
   */
  readonly electionTimeoutMs: number;
  /**
   * Resolves with the replay horizon: the index up to which the log records what was
   * decided before this process started (NodeRuntime.replayHorizon), so what entries up to
   * it assigned to this worker belonged to a previous process.
   */
  readonly replayHorizon: Promise<number>;
  appliedIndex(): number;
  readonly defaultTimeoutMs: number;
  /** Retry period of a result report that did not commit. */
  readonly retryMs: number;
  table(): JobTable;
  isLeader(): boolean;
  /** The leader's `host:port` when another node leads; undefined when none is known. */
  leaderAddress(): string | undefined;
  internalClient(address: string): Client<typeof InternalService>;
  /** This node's own leader-side heartbeat record, used when it leads. */
  recordLocalHeartbeat(heartbeat: Heartbeat, staleAttempts: boolean): void;
  propose(command: Command): Promise<ApplyResult>;
  draining(): boolean;
  /**
   * monotonic-clock.ts's monotonicMs(): times the fence, which a wall-clock step must not
   * delay, and stamps this node's own heartbeat record when it leads, so it must be the
   * clock LeaderDuties and NodeContext.monotonicMs() use.
   */
  monotonicMs(): number;
  readonly output: OutputStore;
  /** Where finished results wait until committed (durable with --data-dir). */
  readonly outbox: ReportOutbox;
  readonly log: Logger;
  /**
   * Hands the lease on to a keeper outside this process (LeaseKeeper), which kills the jobs
   * when it runs out even while this process is paused: called with the new deadline
   * (monotonicMs) whenever a heartbeat is acknowledged.
   */
  readonly renewLease?: (untilMs: number) => void;
}

/** The fence check never runs more often than this. */
const MIN_FENCE_CHECK_MS = 50;

/** How the worker fences itself (see `fenceTimings`). */
export interface FenceTimings {
  /** Running attempts are killed once no heartbeat sent within this long has been acknowledged. */
  readonly fenceMs: number;
  /** Period of the fence check, and of the heartbeats sent while an acknowledgement is overdue. */
  readonly checkMs: number;
  /**
   * A fence lifted by an acknowledgement that arrives within this long of the previous
   * acknowledged send: no leader can have declared the worker lost yet, so the attempts the
   * fence killed are still this worker's and run again.
   */
  readonly rerunMs: number;
  /** Timings that weaken the fence, to log at start. */
  readonly warnings: readonly string[];
}

/**
 * The self-fence of a worker cut off from the leader (SPEC §5: no job has two live attempts).
 *
 * Invariant: with `s` the send time of this worker's latest acknowledged heartbeat, no leader
 * declares it lost before `s + L - E` (L = --worker-liveness-ms, E = the election timeout):
 * - a heartbeat is acknowledged only by a node that was leader when it received it (followers
 *   refuse it; this node's own record counts when it leads), at a receipt time >= `s`, and a
 *   leader declares a worker lost only after not receiving anything for L: at >= receipt + L;
 * - a new leader counts every worker as heard at its election, so declares at >= election + L;
 *   with check-quorum a leader cut from its majority steps down within 2E of its last contact,
 *   and the voters' lease prevents a successor within E of that contact: a deposed leader
 *   acknowledges heartbeats at most E after its successor's election, so election >= s - E.
 *
 * The worker kills its running attempts at `s + fenceMs`, found at most `checkMs` late, with
 * `fenceMs = L - E - 2 * checkMs`: another `checkMs` is left for the kill itself (SIGKILL of
 * the process group; `docker rm -f`), event-loop lateness and clock-rate drift (each side
 * measures its own durations, so only drift matters, not clock offset). `checkMs` is a
 * quarter heartbeat (at least 50 ms), so with the defaults (L 5000, heartbeat 2000, E 150)
 * the fence is 3850 ms, checked every 500 ms. Assumed: bounded clock drift, and a node
 * process that is running — one paused itself (SIGSTOP, a long GC pause) cannot kill its
 * jobs while paused.
 *
 * When timings leave less than half the liveness window, the fence is L / 2 (never <= 0, and
 * still within L, which covers the leader that acknowledged), and a warning says the
 * deposed-leader case is not covered.
 */
export function fenceTimings(timings: { workerLivenessMs: number; heartbeatMs: number; electionTimeoutMs: number }): FenceTimings {
  const { workerLivenessMs: liveness, heartbeatMs: heartbeat, electionTimeoutMs: election } = timings;
  const checkMs = Math.max(MIN_FENCE_CHECK_MS, Math.floor(heartbeat / 4));
  const coveredMs = liveness - election - 2 * checkMs;
  const fenceMs = Math.max(coveredMs, Math.floor(liveness / 2));
  // The fence lifted by an acknowledgement that arrives before `s + L - E - checkMs`.
  const rerunMs = Math.min(fenceMs + checkMs, liveness - election - checkMs);
  const warnings: string[] = [];
  if (coveredMs < fenceMs) {
    warnings.push(
      `--worker-liveness-ms ${liveness} is short for --election-timeout-ms ${election} and --worker-heartbeat-ms ${heartbeat}: ` +
        `a worker cut off with a deposed leader may run jobs after a new leader declared it lost (use at least ${2 * (election + 2 * checkMs)})`,
    );
  }
  if (fenceMs <= heartbeat + checkMs) {
    warnings.push(`--worker-liveness-ms ${liveness} leaves a fence of ${fenceMs} ms: a worker kills its running jobs whenever one heartbeat is late`);
  }
  return { fenceMs, checkMs, rerunMs, warnings };
}

/**
 * The worker half of a node. It heartbeats the leader (independently of running jobs, REF
 * G25), runs every attempt the table assigns to it on its executor, up to its slots,
 * keeps the output locally, and hands each result to its ResultReporter, which gets it
 * committed (batched, retried, durable with --data-dir). Results carry the attempt number,
 * so one of a superseded attempt is ignored at apply, and resending one is harmless. A job cancelled, requeued or evicted while it runs here is killed.
 *
 * It learns of assignments from apply results and, in case one was missed (a snapshot
 * install), by scanning the table for attempts assigned here on every heartbeat.
 *
 * Restart: entries up to the replay horizon were decided before this process started: the
 * persisted log being replayed, and for a node that lost its data (or restarted from an
 * older copy) everything a leader had committed when this process started, which it learns
 * from the leader. Nothing is launched before the horizon is known and applied. The attempts
 * the table then shows running here (the baseline) belong to a previous process, which may
 * have run them, or finished them and lost the result. They are never run again; every
 * heartbeat says `stale_attempts` until the leader has requeued them (attempt + 1). Nothing
 * new is launched meanwhile: the requeue takes every attempt running here. Attempts the
 * replayed log assigned here and then finished are never launched either.
 *
 * Fence (`fenceTimings`): once no heartbeat sent within the last `fenceMs` has been
 * acknowledged (the WorkerHeartbeat call resolved; when this node leads, its own record),
 * it kills every running attempt and launches nothing. The first acknowledgement lifts the
 * fence. The attempts it killed run again (the same attempt, never while the killed run is
 * still ending) when that acknowledgement arrived within `rerunMs`; after that a leader may
 * have requeued them, so they are abandoned like a previous process's attempts. While an
 * acknowledgement is overdue, heartbeats go out every `checkMs` instead of every heartbeat.
 */
export class WorkerAgent {
  /** Attempts running here: `${jobId}/${attempt}` -> how to kill it. */
  private readonly running = new Map<string, AbortController>();
  /**
   * Attempts finished here, kept until the local table no longer shows them running (a
   * follower applies a result after the leader has answered the report).
   */
  private readonly finished = new Set<string>();
  private readonly reporter: ResultReporter;
  /**
   * Attempts never to run (`${jobId}/${attempt}`): those of the previous process, fixed when
   * the replay ends, and those the fence killed and abandoned.
   */
  private baseline: Set<string> | undefined;
  /** The resolved `replayHorizon`; the baseline waits for it and for its apply. */
  private horizon: number | undefined;
  /** Until the baseline: the index of each assignment to this worker applied so far, by attempt. */
  private readonly assignedAt = new Map<string, number>();
  private readonly fence: FenceTimings;
  /** Monotonic send time of the latest acknowledged heartbeat; undefined before the first. */
  private lastAckedSendMs: number | undefined;
  /** Monotonic time of the latest heartbeat sent (or found no leader to send to). */
  private lastSendMs = Number.NEGATIVE_INFINITY;
  /** The fencing event in effect: the last acknowledged send before it, and what it killed. */
  private fenced: { readonly sinceAckMs: number; readonly killed: Set<string> } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private fenceTimer: NodeJS.Timeout | undefined;
  /** Set by stop(): nothing new is launched, heartbeats and the fence go on while jobs finish. */
  private stopping = false;
  private stopped = false;

  constructor(private readonly options: WorkerAgentOptions) {
    this.reporter = new ResultReporter({ ...options, retryMs: options.retryMs });
    this.fence = fenceTimings(options);
  }

  /** The executor kinds this worker advertises (none without an executor). */
  executors(): string[] {
    return this.options.executor === undefined ? [] : [...this.options.advertises];
  }

  start(): void {
    if (this.options.executor !== undefined) for (const warning of this.fence.warnings) this.options.log.warn(warning);
    this.timer = setInterval(() => this.beat(), this.options.heartbeatMs);
    this.fenceTimer = setInterval(() => this.checkFence(), this.fence.checkMs);
    void this.options.replayHorizon.then((horizon) => {
      this.horizon = horizon;
      if (!this.stopped) this.settleBaseline(this.options.appliedIndex());
    });
    this.beat();
  }

  /** Reacts to what the apply of the entry at `index` changed on this node. */
  onApplied(result: ApplyResult, index: number): void {
    for (const effect of result.effects) {
      switch (effect.type) {
        case 'job-assigned':
          if (effect.job.assignedWorker !== BigInt(this.options.self)) break;
          if (this.baseline === undefined) this.assignedAt.set(attemptKey(effect.job), index);
          this.launch(effect.job);
          break;
        case 'job-cancelled':
        case 'job-requeued':
        case 'job-exhausted':
          this.kill(effect.job.id);
          break;
        case 'jobs-evicted':
          for (const id of effect.jobIds) {
            this.kill(id);
            this.options.output.evict(id);
          }
          break;
        default:
          break;
      }
    }
    this.settleBaseline(index);
  }

  /**
   * Stops taking jobs, lets running ones finish for up to `graceMs`, kills the rest, and
   * keeps reporting results until they commit or `graceMs` has passed. Heartbeats (and the
   * fence) go on meanwhile, so the leader does not requeue jobs that are still running here;
   * from the first one, sent at once, they say draining, so it assigns nothing new here.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    if (!this.stopped) this.heartbeat();
    const deadline = Date.now() + graceMs;
    while ((this.running.size > 0 || this.reporter.size > 0) && Date.now() < deadline) await sleep(50);
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.fenceTimer);
    for (const c of this.running.values()) c.abort();
    this.reporter.stop();
  }

  /**
   * Once the replay horizon is known and applied: the attempts running here that were
   * assigned up to the horizon (or at an unknown index: installed with a snapshot) are a
   * previous process's. Those assigned after it are this process's, and launch now.
   */
  private settleBaseline(appliedIndex: number): void {
    const horizon = this.horizon;
    if (this.baseline !== undefined || horizon === undefined || appliedIndex < horizon) return;
    const previous = this.options
      .table()
      .runningOn(BigInt(this.options.self))
      .map(attemptKey)
      .filter((key) => (this.assignedAt.get(key) ?? 0) <= horizon);
    this.assignedAt.clear();
    // Attempts whose result the previous process kept are not stale: the reporter sends them.
    this.baseline = new Set(previous.filter((key) => !this.reporter.has(key)));
    this.reporter.start();
    this.scan();
  }

  /** Whether the table still shows attempts running here that this worker will never run. */
  private staleAttempts(): boolean {
    const baseline = this.baseline;
    if (baseline === undefined || baseline.size === 0) return false;
    return this.options.table().runningOn(BigInt(this.options.self)).some((job) => baseline.has(attemptKey(job)));
  }

  private beat(): void {
    if (this.stopped) return;
    // A snapshot install moves the applied index without an apply result.
    this.settleBaseline(this.options.appliedIndex());
    this.heartbeat();
    this.scan();
  }

  /** Sends a heartbeat; its acknowledgement counts from the moment it was sent. */
  private heartbeat(): void {
    const draining = this.stopping || this.options.draining();
    const heartbeat = { slots: this.options.slots, executors: this.executors(), draining };
    const staleAttempts = this.staleAttempts();
    const sentAt = this.options.monotonicMs();
    this.lastSendMs = sentAt;
    if (this.options.isLeader()) {
      this.options.recordLocalHeartbeat({ atMs: sentAt, ...heartbeat }, staleAttempts);
      this.acknowledged(sentAt);
      return;
    }
    const leader = this.options.leaderAddress();
    if (leader === undefined) return;
    const request = create(WorkerHeartbeatRequestSchema, { nodeId: BigInt(this.options.self), ...heartbeat, staleAttempts });
    this.options
      .internalClient(leader)
      .workerHeartbeat(request)
      .then(
        () => this.acknowledged(sentAt),
        (error: unknown) => this.options.log.debug('Worker heartbeat failed', { leader, error: String(error) }),
      );
  }

  /** Launches what the table assigns here, forgetting finished attempts it no longer shows. */
  private scan(): void {
    const runningHere = this.options.table().runningOn(BigInt(this.options.self));
    const stillShown = new Set(runningHere.map(attemptKey));
    for (const key of this.finished) if (!stillShown.has(key) && !this.reporter.has(key)) this.finished.delete(key);
    for (const job of runningHere) this.launch(job);
  }

  private isFenced(): boolean {
    return this.lastAckedSendMs === undefined || this.options.monotonicMs() - this.lastAckedSendMs >= this.fence.fenceMs;
  }

  /** A heartbeat sent at `sentAt` was acknowledged: it may lift the fence. */
  private acknowledged(sentAt: number): void {
    if (this.stopped || (this.lastAckedSendMs !== undefined && sentAt <= this.lastAckedSendMs)) return;
    // Fenced without the check having run yet (it runs late): kill first, decide below.
    if (this.isFenced()) this.fenceRunning();
    const wasFenced = this.isFenced();
    this.lastAckedSendMs = sentAt;
    this.options.renewLease?.(sentAt + this.fence.fenceMs);
    if (!wasFenced || this.isFenced()) return; // not fenced before, or sent too long ago to count
    const event = this.fenced;
    this.fenced = undefined;
    if (event !== undefined) {
      const silentMs = this.options.monotonicMs() - event.sinceAckMs;
      const rerun = silentMs < this.fence.rerunMs;
      // Too late to be sure no leader requeued them (the table here may not show it yet).
      if (!rerun) for (const key of event.killed) if (!this.finished.has(key) && !this.reporter.has(key)) this.baseline?.add(key);
      this.options.log.info('Worker regained contact with the leader', {
        silentMs: Math.round(silentMs),
        killed: [...event.killed].join(' '),
        killedAttempts: rerun ? 'run again' : 'abandoned until requeued',
      });
    }
    // What was assigned while fenced (at start: since the replay) starts now.
    this.scan();
  }

  /** Every `checkMs`: heartbeats while an acknowledgement is overdue, and kills running attempts once fenced. */
  private checkFence(): void {
    if (this.stopped) return;
    const now = this.options.monotonicMs();
    const overdue = this.lastAckedSendMs === undefined || now - this.lastAckedSendMs >= this.options.heartbeatMs + this.fence.checkMs;
    if (overdue && now - this.lastSendMs >= this.fence.checkMs) this.heartbeat();
    if (this.isFenced()) this.fenceRunning();
  }

  /** Fenced: kills every running attempt, logging once per fencing event. */
  private fenceRunning(): void {
    // Before the first acknowledgement nothing was launched (launch checks the fence).
    if (this.lastAckedSendMs === undefined || this.options.executor === undefined) return;
    const starts = this.fenced === undefined;
    const event = (this.fenced ??= { sinceAckMs: this.lastAckedSendMs, killed: new Set() });
    const killed: string[] = [];
    for (const [key, control] of this.running) {
      if (control.signal.aborted) continue;
      control.abort();
      event.killed.add(key);
      killed.push(key);
    }
    if (!starts && killed.length === 0) return;
    this.options.log.warn(`Worker lost contact with the leader; killed ${killed.length} running jobs`, {
      silentMs: Math.round(this.options.monotonicMs() - event.sinceAckMs),
      fenceMs: this.fence.fenceMs,
      jobs: killed.join(' '),
    });
  }

  private launch(job: Job): void {
    const key = attemptKey(job);
    const { executor } = this.options;
    // Until the replay is over, assignments seen belong to the previous process.
    if (this.stopping || executor === undefined || this.baseline === undefined || this.baseline.has(key)) return;
    if (this.running.has(key) || this.finished.has(key) || this.reporter.has(key)) return;
    // Fenced: no leader has acknowledged this worker recently. Stale attempts: a requeue of
    // everything running here is coming.
    if (this.isFenced() || this.staleAttempts()) return;
    const control = new AbortController();
    this.running.set(key, control);
    this.options.log.info('Executing job', { job: job.id, attempt: job.attempt, executor: executor.kind });
    const timeoutMs = job.timeoutMs ?? this.options.defaultTimeoutMs;
    const run = { jobId: job.id, attempt: job.attempt, command: job.command, timeoutMs, ...(job.image === undefined ? {} : { image: job.image }) };
    void executor.run(run, control.signal).then((result) => {
      this.running.delete(key);
      // Killed (cancel, requeue, eviction, fence, shutdown): nothing to report.
      if (result.outcome === 'cancelled' || control.signal.aborted) {
        this.options.log.info('Job cancelled', { job: job.id, attempt: job.attempt });
        return;
      }
      // Ended while fenced: maybe killed by the lease keeper while this process was paused.
      if (this.isFenced()) {
        this.fenceRunning();
        this.fenced?.killed.add(key);
        this.options.log.info('Job ended while fenced; not reported', { job: job.id, attempt: job.attempt });
        return;
      }
      this.keepOutput(job, result);
      this.finished.add(key);
      this.options.log.info('Job finished', { job: job.id, attempt: job.attempt, outcome: result.outcome });
      this.reporter.add({
        jobId: job.id,
        status: result.outcome === 'completed' ? JobStatus.COMPLETED : JobStatus.FAILED,
        executedBy: BigInt(this.options.self),
        completedAtMs: BigInt(result.finishedAtMs),
        attempt: job.attempt,
        ...(result.exitCode === undefined ? {} : { exitCode: result.exitCode }),
      });
    });
  }

  private kill(jobId: string): void {
    for (const [key, control] of this.running) if (key.startsWith(`${jobId}/`)) control.abort();
  }

  private keepOutput(job: Job, result: ExecutionResult): void {
    const encoder = new TextEncoder();
    const stderr = result.error ?? result.stderr.text;
    if (result.stdout.text !== '') this.options.output.append(job.id, job.attempt, 'stdout', encoder.encode(result.stdout.text));
    if (stderr !== '') this.options.output.append(job.id, job.attempt, 'stderr', encoder.encode(stderr));
  }
}

function attemptKey(job: Job): string {
  return `${job.id}/${job.attempt}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
