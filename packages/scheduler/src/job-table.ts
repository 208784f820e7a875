import { fromBinary } from '@bufbuild/protobuf';
import { type Command, CommandSchema, JobStatus } from '@sched/rpc/gen';
import { applyAssign } from './apply-assign';
import { applyCancel } from './apply-cancel';
import { applyEvict } from './apply-evict';
import { type ApplyMeta, type ApplyResult, NOTHING, noop } from './apply-result';
import { applyStatusBatch, applyStatusReport } from './apply-status';
import { applySubmit } from './apply-submit';
import { applyRegisterWorker, applySetWorkerDraining } from './apply-worker';
import { applyWorkerLost } from './apply-worker-lost';
import type { Job, Worker } from './job';
import { MAX_ACTIVE_JOBS } from './limits';
import { type ListQuery, type ListResult, listJobs, streamJobs } from './list-jobs';
import { checkLoaded, decodeSnapshot, encodeSnapshot } from './snapshot-codec';
import { type StatusName, statusName } from './status-names';
import { TableState } from './table-state';

export interface JobTableOptions {
  /**
   * Active (Pending + Running) jobs the table accepts; default 10,000. Part of the state
   * machine's definition: every node must use the same value (tests use small ones).
   */
  readonly capacity?: number;
}

export type StatusCounts = Record<StatusName, number>;

/**
 * The replicated job table: a deterministic state machine over scheduler `Command`s.
 *
 * Contract: `apply` is a function of the table and the entry alone. It reads no clock, no
 * randomness and no node-local setting; every time it stores travels in the command (set
 * by the leader, or by the worker for a result). So every node that applies the same log
 * holds the same table, and `snapshot()` after index i is the state at exactly index i,
 * byte for byte the same on every node. Invalid transitions change nothing and say why
 * (`ApplyResult.noops`). Queries never change the table.
 */
export class JobTable {
  private constructor(
    private readonly state: TableState,
    private readonly capacity: number,
  ) {}

  static create(options: JobTableOptions = {}): JobTable {
    return new JobTable(new TableState(), options.capacity ?? MAX_ACTIVE_JOBS);
  }

  /** A table equal to the one that produced `bytes`. Throws SnapshotError on bad bytes. */
  static restore(bytes: Uint8Array, options: JobTableOptions = {}): JobTable {
    const contents = decodeSnapshot(bytes);
    const state = TableState.load(contents.jobs, contents.workers);
    checkLoaded(contents, { jobs: state.rows.size, keys: state.keys.size });
    state.appliedIndex = contents.appliedIndex;
    state.appliedTerm = contents.appliedTerm;
    return new JobTable(state, options.capacity ?? MAX_ACTIVE_JOBS);
  }

  /**
   * Applies the committed entry at `meta.index`. An index not above the last applied one
   * is refused (`stale-index`) without effect, so replaying entries a snapshot already
   * covers is harmless. A Command with no variant (a leader's no-op) only advances the index.
   */
  apply(command: Command, meta: ApplyMeta): ApplyResult {
    return this.advance(meta) ?? this.dispatch(command);
  }

  /**
   * Applies a Raft entry's bytes: a protobuf `Command` (empty bytes: no variant). Bytes
   * that do not decode are a no-op (`malformed-entry`) on every node alike.
   */
  applyEntry(data: Uint8Array, meta: ApplyMeta): ApplyResult {
    let command: Command;
    try {
      command = fromBinary(CommandSchema, data);
    } catch (error) {
      return this.advance(meta) ?? noop('malformed-entry', `entry ${meta.index} is not a Command: ${String(error)}`);
    }
    return this.apply(command, meta);
  }

  /** Index and term of the last applied entry (0, 0 for a fresh table). */
  get appliedIndex(): number {
    return this.state.appliedIndex;
  }

  get appliedTerm(): number {
    return this.state.appliedTerm;
  }

  /**
   * Pre-check for the leader before it proposes a submit: room for one more active job
   * once `inFlight` submits already proposed but not yet applied land. Advisory only;
   * apply enforces the capacity itself.
   */
  hasCapacity(inFlight = 0): boolean {
    return this.state.activeCount() + inFlight < this.capacity;
  }

  /** Compact, versioned bytes of the whole table (proto/sched/scheduler/v1/table.proto). */
  snapshot(): Uint8Array {
    return encodeSnapshot({
      appliedIndex: this.state.appliedIndex,
      appliedTerm: this.state.appliedTerm,
      jobs: Array.from(this.state.rows.values(), (row) => row.job),
      workers: this.workers(),
    });
  }

  get(jobId: string): Job | undefined {
    return this.state.rows.get(jobId)?.job;
  }

  /** The job in the table that a submit with this idempotency key created. */
  getByIdempotencyKey(key: string): Job | undefined {
    const jobId = this.state.keys.get(key);
    return jobId === undefined ? undefined : this.get(jobId);
  }

  /** Number of jobs in the table. */
  get size(): number {
    return this.state.rows.size;
  }

  activeCount(): number {
    return this.state.activeCount();
  }

  /** ListJobs (REF §4.2): one filtered page in (created_at, id) order. */
  list(query: ListQuery): ListResult {
    return listJobs(this.state.sorted, query);
  }

  /** StreamJobs: every job (of one status, when the filter is a known status) in creation order. */
  stream(statusFilter = 0): Job[] {
    return streamJobs(this.state.sorted, statusFilter);
  }

  /** Pending jobs in FIFO (submit) order, the order placement considers them. */
  *pending(): IterableIterator<Job> {
    for (const row of this.state.pending) yield row.job;
  }

  /** Running jobs on `worker` in submit order: what that worker must be executing. */
  runningOn(worker: bigint): Job[] {
    return this.state.runningOn(worker).map((row) => row.job);
  }

  /** The worker's load: how many jobs are Running on it. */
  runningCount(worker: bigint): number {
    return this.state.runningCount(worker);
  }

  /** Every job whose current or last attempt was assigned to `worker`, in submit order. */
  jobsAssignedTo(worker: bigint): Job[] {
    const jobs: Job[] = [];
    for (const row of this.state.rows.values()) if (row.job.assignedWorker === worker) jobs.push(row.job);
    return jobs;
  }

  countsByStatus(): StatusCounts {
    return {
      pending: this.state.count(JobStatus.PENDING),
      running: this.state.count(JobStatus.RUNNING),
      completed: this.state.count(JobStatus.COMPLETED),
      failed: this.state.count(JobStatus.FAILED),
      cancelled: this.state.count(JobStatus.CANCELLED),
    };
  }

  /** Jobs per status for each worker that any job is assigned to, ascending by worker id. */
  countsByWorker(): Map<bigint, StatusCounts> {
    const byWorker = new Map<bigint, StatusCounts>();
    for (const { job } of this.state.rows.values()) {
      if (job.assignedWorker === 0n) continue;
      const counts = byWorker.get(job.assignedWorker) ?? emptyCounts();
      const name = statusName(job.status);
      if (name !== 'unknown') counts[name]++;
      byWorker.set(job.assignedWorker, counts);
    }
    return new Map([...byWorker].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /** Every registered worker (lost ones included), ascending by id. */
  workers(): Worker[] {
    return [...this.state.workers.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  worker(id: bigint): Worker | undefined {
    return this.state.workers.get(id);
  }

  private advance(meta: ApplyMeta): ApplyResult | undefined {
    if (meta.index <= this.state.appliedIndex) {
      return noop('stale-index', `entry ${meta.index} is not after applied index ${this.state.appliedIndex}`);
    }
    this.state.appliedIndex = meta.index;
    this.state.appliedTerm = meta.term;
    return undefined;
  }

  private dispatch(command: Command): ApplyResult {
    const c = command.commandType;
    switch (c.case) {
      case 'submitJob':
        return applySubmit(this.state, c.value, this.capacity);
      case 'assignJob':
        return applyAssign(this.state, c.value);
      case 'updateJobStatus':
        return applyStatusReport(this.state, c.value);
      case 'batchUpdateJobStatus':
        return applyStatusBatch(this.state, c.value.updates);
      case 'cancelJob':
        return applyCancel(this.state, c.value);
      case 'registerWorker':
        return applyRegisterWorker(this.state, c.value);
      case 'setWorkerDraining':
        return applySetWorkerDraining(this.state, c.value);
      case 'workerLost':
        return applyWorkerLost(this.state, c.value);
      case 'evictJobs':
        return applyEvict(this.state, c.value);
      case undefined:
        return NOTHING;
    }
  }
}

function emptyCounts(): StatusCounts {
  return { pending: 0, running: 0, completed: 0, failed: 0, cancelled: 0 };
}
