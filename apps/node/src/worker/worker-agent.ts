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
  /**
   * The commit index this node had persisted when it started: entries up to it are being
   * replayed, and what they assigned to this worker belonged to its previous process.
   */
  readonly replayHorizon: number;
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
  nowMs(): number;
  readonly output: OutputStore;
  /** Where finished results wait until committed (durable with --data-dir). */
  readonly outbox: ReportOutbox;
  readonly log: Logger;
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
 * Restart: the attempts the table shows running here once the replay of the persisted log
 * is over (the baseline) died with the previous process. They are never run again; every
 * heartbeat says `stale_attempts` until the leader has requeued them (attempt + 1).
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
  /** Attempts of the previous process (`${jobId}/${attempt}`), fixed when the replay ends. */
  private baseline: Set<string> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: WorkerAgentOptions) {
    this.reporter = new ResultReporter({ ...options, retryMs: options.retryMs });
  }

  /** The executor kinds this worker advertises (none without an executor). */
  executors(): string[] {
    return this.options.executor === undefined ? [] : [...this.options.advertises];
  }

  start(): void {
    this.timer = setInterval(() => this.beat(), this.options.heartbeatMs);
    this.settleBaseline(this.options.appliedIndex());
    this.beat();
  }

  /** Reacts to what the apply of the entry at `index` changed on this node. */
  onApplied(result: ApplyResult, index: number): void {
    this.settleBaseline(index);
    for (const effect of result.effects) {
      switch (effect.type) {
        case 'job-assigned':
          if (effect.job.assignedWorker === BigInt(this.options.self)) this.launch(effect.job);
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
  }

  /**
   * Stops taking jobs, lets running ones finish for up to `graceMs`, kills the rest, and
   * keeps reporting results until they commit or `graceMs` has passed.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    const deadline = Date.now() + graceMs;
    while ((this.running.size > 0 || this.reporter.size > 0) && Date.now() < deadline) await sleep(50);
    for (const c of this.running.values()) c.abort();
    this.reporter.stop();
  }

  private settleBaseline(appliedIndex: number): void {
    if (this.baseline !== undefined || appliedIndex < this.options.replayHorizon) return;
    // Attempts whose result the previous process kept are not stale: the reporter sends them.
    const previous = this.options.table().runningOn(BigInt(this.options.self)).map(attemptKey);
    this.baseline = new Set(previous.filter((key) => !this.reporter.has(key)));
    this.reporter.start();
  }

  /** Whether the table still shows attempts of the previous process running here. */
  private staleAttempts(): boolean {
    const baseline = this.baseline;
    if (baseline === undefined || baseline.size === 0) return false;
    return this.options.table().runningOn(BigInt(this.options.self)).some((job) => baseline.has(attemptKey(job)));
  }

  private beat(): void {
    if (this.stopped) return;
    const heartbeat = { slots: this.options.slots, executors: this.executors(), draining: this.options.draining() };
    const staleAttempts = this.staleAttempts();
    if (this.options.isLeader()) {
      this.options.recordLocalHeartbeat({ atMs: this.options.nowMs(), ...heartbeat }, staleAttempts);
    } else {
      const leader = this.options.leaderAddress();
      if (leader !== undefined) {
        const request = create(WorkerHeartbeatRequestSchema, { nodeId: BigInt(this.options.self), ...heartbeat, staleAttempts });
        this.options.internalClient(leader).workerHeartbeat(request).catch((error: unknown) => {
          this.options.log.debug('Worker heartbeat failed', { leader, error: String(error) });
        });
      }
    }
    const runningHere = this.options.table().runningOn(BigInt(this.options.self));
    const stillShown = new Set(runningHere.map(attemptKey));
    for (const key of this.finished) if (!stillShown.has(key) && !this.reporter.has(key)) this.finished.delete(key);
    for (const job of runningHere) this.launch(job);
  }

  private launch(job: Job): void {
    const key = attemptKey(job);
    const { executor } = this.options;
    // Until the replay is over, assignments seen belong to the previous process.
    if (this.stopped || executor === undefined || this.baseline === undefined || this.baseline.has(key)) return;
    if (this.running.has(key) || this.finished.has(key) || this.reporter.has(key)) return;
    const control = new AbortController();
    this.running.set(key, control);
    this.options.log.info('Executing job', { job: job.id, attempt: job.attempt, executor: executor.kind });
    const timeoutMs = job.timeoutMs ?? this.options.defaultTimeoutMs;
    const run = { jobId: job.id, attempt: job.attempt, command: job.command, timeoutMs, ...(job.image === undefined ? {} : { image: job.image }) };
    void executor.run(run, control.signal).then((result) => {
      this.running.delete(key);
      if (result.outcome === 'cancelled') {
        this.options.log.info('Job cancelled', { job: job.id, attempt: job.attempt });
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
