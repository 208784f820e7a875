import { JobStatus } from '@sched/rpc/gen';

/**
 * One job as the replicated table holds it. Immutable: every transition replaces the
 * object, so a reader holding a Job (a list page, a stream) sees one consistent state.
 * Absent values are `undefined`, never missing keys, so every Job has the same shape.
 *
 * Invariants (kept by apply, checked by the property test):
 * - `status` is one of the five real statuses, never UNSPECIFIED;
 * - Pending: `assignedWorker` 0 and no result fields; `attempt` counts attempts started
 *   so far (0 before the first assignment, > 0 after a requeue);
 * - Running: `assignedWorker` > 0 names a registered worker; `1 <= attempt <= maxAttempts`;
 * - Completed / Failed by a report: `executedBy` is the worker of attempt `attempt`;
 *   Failed by the state machine (attempts exhausted): `failure` says why;
 * - Cancelled: `completedAtMs` is the cancel's leader time (when the command carried one).
 */
export interface Job {
  /** Canonical UUID (lowercase, hyphenated). */
  readonly id: string;
  /** 1..1024 UTF-8 bytes, not all whitespace, stored untrimmed. */
  readonly command: string;
  /** Container image; only docker workers run jobs that have one. Never "". */
  readonly image: string | undefined;
  readonly status: JobStatus;
  /** Worker of the current or last attempt; 0n = none. */
  readonly assignedWorker: bigint;
  /** Worker that reported the result; 0n = none. */
  readonly executedBy: bigint;
  readonly exitCode: number | undefined;
  /** Leader time of the submit, ms since the Unix epoch. */
  readonly createdAtMs: bigint;
  /** Worker time of the result, leader time of a cancel or of the loss that failed it. */
  readonly completedAtMs: bigint | undefined;
  /** Attempts started so far; status updates must name the current one (fencing). */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Per-job timeout; undefined = the executing node's default. */
  readonly timeoutMs: number | undefined;
  readonly idempotencyKey: string | undefined;
  /** Why the state machine failed the job itself (attempts exhausted). */
  readonly failure: string | undefined;
}

/**
 * A worker as the replicated table knows it. Liveness is NOT here: heartbeats are not
 * replicated. `lost` records that the leader proposed WorkerLost and no RegisterWorker
 * followed; the leader's own heartbeat view decides which workers are live right now.
 */
export interface Worker {
  /** Node id (> 0). */
  readonly id: bigint;
  /** Jobs it runs at once; 0 means it takes none. */
  readonly slots: number;
  /** Sorted, without duplicates. */
  readonly executors: readonly string[];
  readonly draining: boolean;
  readonly lost: boolean;
}

/** Completed, Failed and Cancelled never change again (except by eviction). */
export function isTerminal(status: JobStatus): boolean {
  return status === JobStatus.COMPLETED || status === JobStatus.FAILED || status === JobStatus.CANCELLED;
}

/** Pending and Running jobs count toward the active-job capacity. */
export function isActive(status: JobStatus): boolean {
  return status === JobStatus.PENDING || status === JobStatus.RUNNING;
}
