import { JobStatus } from '@sched/rpc/gen';
import type { Job, Worker } from './job';
import { lowerBound } from './lower-bound';

/** A job's place in the table. `seq` is its submit order, fixed for the job's life. */
export interface Row {
  readonly seq: number;
  /** `job.command` lowercased once, for the case-insensitive command filter. */
  readonly lower: string;
  job: Job;
}

/**
 * The table's data and the indexes derived from it, kept in step by the only three
 * mutations: `insert`, `replace` and `evict` (plus `putWorker`). The apply-* functions
 * decide what changes; this class only keeps every index consistent with `rows`.
 *
 * Indexes (all rebuilt from `rows` and `workers` on restore, none stored in snapshots):
 * - `sorted`: every row by (createdAtMs, id), the order of list and stream;
 * - `pending`: Pending rows by seq, the FIFO order of placement;
 * - `running`: Running rows per assigned worker, the load placement counts;
 * - `keys`: idempotency key -> job id (keys are unique among the jobs in the table);
 * - `counts`: jobs per status.
 */
export class TableState {
  /** Every job by id, in submit order (a Map keeps insertion order; updates keep the position). */
  readonly rows = new Map<string, Row>();
  readonly workers = new Map<bigint, Worker>();
  readonly keys = new Map<string, string>();
  /** Raft position of the last applied entry. */
  appliedIndex = 0;
  appliedTerm = 0;
  private sortedRows: Row[] = [];
  private readonly pendingRows: Row[] = [];
  private readonly runningRows = new Map<bigint, Set<Row>>();
  private readonly counts = new Map<JobStatus, number>();
  private nextSeq = 0;

  get sorted(): readonly Row[] {
    return this.sortedRows;
  }

  get pending(): readonly Row[] {
    return this.pendingRows;
  }

  count(status: JobStatus): number {
    return this.counts.get(status) ?? 0;
  }

  activeCount(): number {
    return this.count(JobStatus.PENDING) + this.count(JobStatus.RUNNING);
  }

  /** Running rows on `worker`, in submit order. */
  runningOn(worker: bigint): Row[] {
    return [...(this.runningRows.get(worker) ?? [])].sort((a, b) => a.seq - b.seq);
  }

  runningCount(worker: bigint): number {
    return this.runningRows.get(worker)?.size ?? 0;
  }

  /** A state holding `jobs` (in submit order) and `workers`, indexes built in one pass. */
  static load(jobs: readonly Job[], workers: readonly Worker[]): TableState {
    const state = new TableState();
    for (const job of jobs) state.sortedRows.push(state.add(job));
    state.sortedRows.sort((a, b) => compareCreation(a.job, b.job));
    for (const worker of workers) state.putWorker(worker);
    return state;
  }

  /** Adds a job with a fresh id as the newest in submit order. */
  insert(job: Job): void {
    const row = this.add(job);
    this.sortedRows.splice(sortedPosition(this.sortedRows, job), 0, row);
  }

  /** Replaces a row's job by its next state (same id, command, creation time and key). */
  replace(row: Row, next: Job): void {
    this.leave(row);
    row.job = next;
    this.enter(row);
  }

  /** Removes every job `test` selects; returns their ids in submit order. */
  evict(test: (job: Job) => boolean): string[] {
    const gone = new Set<Row>();
    for (const row of this.rows.values()) if (test(row.job)) gone.add(row);
    if (gone.size === 0) return [];
    for (const row of gone) {
      this.leave(row);
      this.rows.delete(row.job.id);
      if (row.job.idempotencyKey !== undefined) this.keys.delete(row.job.idempotencyKey);
    }
    this.sortedRows = this.sortedRows.filter((row) => !gone.has(row));
    return [...gone].map((row) => row.job.id);
  }

  putWorker(worker: Worker): void {
    this.workers.set(worker.id, worker);
  }

  /** Adds a row for `job` to every index but `sortedRows`. */
  private add(job: Job): Row {
    const lower = job.command.toLowerCase();
    // Reuse the command string when lowercasing changes nothing (the common case).
    const row: Row = { seq: this.nextSeq++, lower: lower === job.command ? job.command : lower, job };
    this.rows.set(job.id, row);
    if (job.idempotencyKey !== undefined) this.keys.set(job.idempotencyKey, job.id);
    this.enter(row);
    return row;
  }

  /** Adds the row to the per-status indexes of its current job. */
  private enter(row: Row): void {
    const { status, assignedWorker } = row.job;
    this.counts.set(status, this.count(status) + 1);
    if (status === JobStatus.PENDING) this.pendingRows.splice(seqPosition(this.pendingRows, row.seq), 0, row);
    if (status === JobStatus.RUNNING) {
      const set = this.runningRows.get(assignedWorker) ?? new Set<Row>();
      this.runningRows.set(assignedWorker, set.add(row));
    }
  }

  /** Removes the row from the per-status indexes of its current job. */
  private leave(row: Row): void {
    const { status, assignedWorker } = row.job;
    this.counts.set(status, this.count(status) - 1);
    if (status === JobStatus.PENDING) this.pendingRows.splice(seqPosition(this.pendingRows, row.seq), 1);
    if (status === JobStatus.RUNNING) {
      const set = this.runningRows.get(assignedWorker);
      set?.delete(row);
      if (set?.size === 0) this.runningRows.delete(assignedWorker);
    }
  }
}

/** Total order of list and stream: creation time, then id. */
export function compareCreation(a: Job, b: Job): number {
  if (a.createdAtMs !== b.createdAtMs) return a.createdAtMs < b.createdAtMs ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** First index of `rows` (sorted by creation) whose job sorts after `job`. */
function sortedPosition(rows: readonly Row[], job: Job): number {
  // Leader clocks mostly move forward: check the append case before searching.
  const last = rows[rows.length - 1];
  if (last === undefined || compareCreation(last.job, job) < 0) return rows.length;
  return lowerBound(rows.length, (i) => compareCreation((rows[i] as Row).job, job) <= 0);
}

/** Index of `seq` in `rows` (sorted by seq), or where it would be inserted. */
function seqPosition(rows: readonly Row[], seq: number): number {
  return lowerBound(rows.length, (i) => (rows[i] as Row).seq < seq);
}
