import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { Client } from '@connectrpc/connect';
import { type Command, type InternalService, JobStatus, type UpdateJobStatusCommand, UpdateJobStatusCommandSchema } from '@sched/rpc/gen';
import { type ApplyResult, commands, type JobTable } from '@sched/scheduler';
import type { ReportOutbox } from '@sched/storage';
import type { Logger } from '../log/logger';

export interface ResultReporterOptions {
  readonly outbox: ReportOutbox;
  table(): JobTable;
  isLeader(): boolean;
  leaderAddress(): string | undefined;
  internalClient(address: string): Client<typeof InternalService>;
  propose(command: Command): Promise<ApplyResult>;
  readonly retryMs: number;
  readonly log: Logger;
}

/** Results per report: one ForwardJobStatus call, one Raft entry. */
const MAX_BATCH = 64;

/**
 * Gets a worker's job results committed (SPEC §3, REF G20). Each result goes to the
 * outbox first (durable with --data-dir, so a restart resends it), then travels with the
 * others waiting into one report: a BatchUpdateJobStatus proposal when this node leads, a
 * ForwardJobStatus to the leader otherwise (answered after apply). A failed report is
 * retried every `retryMs`. A result leaves the outbox once committed, or once the local
 * table shows its attempt no longer running (superseded or already applied); a report
 * that races with either is harmless, since apply fences by attempt.
 */
export class ResultReporter {
  private readonly pending = new Map<string, UpdateJobStatusCommand>();
  private started = false;
  private flushing = false;
  private stopped = false;

  constructor(private readonly options: ResultReporterOptions) {
    for (const { key, data } of options.outbox.all()) this.pending.set(key, fromBinary(UpdateJobStatusCommandSchema, data));
  }

  /** Attempts with a result not yet known committed (`<job id>/<attempt>`). */
  has(key: string): boolean {
    return this.pending.has(key);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Starts reporting: call once the local table has caught up with the log replayed at start. */
  start(): void {
    this.started = true;
    this.flushSoon();
  }

  stop(): void {
    this.stopped = true;
  }

  add(update: Omit<UpdateJobStatusCommand, '$typeName'>): void {
    const message = create(UpdateJobStatusCommandSchema, update);
    const key = `${message.jobId}/${message.attempt}`;
    this.options.outbox.put(key, toBinary(UpdateJobStatusCommandSchema, message));
    this.pending.set(key, message);
    this.flushSoon();
  }

  private flushSoon(): void {
    if (!this.started || this.flushing || this.stopped) return;
    this.flushing = true;
    void this.flush().finally(() => (this.flushing = false));
  }

  private async flush(): Promise<void> {
    while (!this.stopped) {
      this.forgetSettled();
      const batch = [...this.pending].slice(0, MAX_BATCH);
      if (batch.length === 0) return;
      try {
        await this.send(batch.map(([, update]) => update));
        for (const [key] of batch) this.forget(key);
        this.options.log.info('Job results committed', { count: batch.length });
      } catch (error) {
        this.options.log.debug('Job results not committed yet; retrying', { count: batch.length, error: String(error) });
        await new Promise((resolve) => setTimeout(resolve, this.options.retryMs));
      }
    }
  }

  private async send(updates: UpdateJobStatusCommand[]): Promise<void> {
    if (this.options.isLeader()) {
      const command = updates.length === 1 ? commands.updateJobStatus(updates[0]!) : commands.batchUpdateJobStatus(updates.map(plain));
      await this.options.propose(command);
      return;
    }
    const leader = this.options.leaderAddress();
    if (leader === undefined) throw new Error('no leader known');
    await this.options.internalClient(leader).forwardJobStatus({ updates });
  }

  /** Drops results whose attempt the local table no longer shows running. */
  private forgetSettled(): void {
    const table = this.options.table();
    for (const [key, update] of this.pending) {
      const job = table.get(update.jobId);
      if (job === undefined || job.status !== JobStatus.RUNNING || job.attempt !== update.attempt) this.forget(key);
    }
  }

  private forget(key: string): void {
    if (!this.pending.delete(key)) return;
    this.options.outbox.delete(key);
  }
}

/** The fields of an update, for the JobStatusUpdate entries of a batch. */
function plain(u: UpdateJobStatusCommand) {
  return {
    jobId: u.jobId,
    status: u.status,
    executedBy: u.executedBy,
    attempt: u.attempt,
    ...(u.exitCode === undefined ? {} : { exitCode: u.exitCode }),
    ...(u.completedAtMs === undefined ? {} : { completedAtMs: u.completedAtMs }),
  };
}
