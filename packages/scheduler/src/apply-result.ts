import type { JobStatus } from '@sched/rpc/gen';
import type { Job, Worker } from './job';

/** Position of the entry being applied, set by Raft; the table records the last one. */
export interface ApplyMeta {
  readonly index: number;
  readonly term: number;
}

/** A change apply made. The runtime reacts to these (answer a client, start or kill a job). */
export type Effect =
  | { readonly type: 'job-submitted'; readonly job: Job }
  | { readonly type: 'job-assigned'; readonly job: Job }
  /** Completed or Failed by its worker's report. */
  | { readonly type: 'job-finished'; readonly job: Job }
  | { readonly type: 'job-cancelled'; readonly job: Job; readonly previous: JobStatus }
  /** Back to Pending after its worker was lost; the next assignment starts `attempt + 1`. */
  | { readonly type: 'job-requeued'; readonly job: Job; readonly lostWorker: bigint }
  /** Failed because its worker was lost during its last attempt. */
  | { readonly type: 'job-exhausted'; readonly job: Job; readonly lostWorker: bigint }
  | { readonly type: 'worker-registered'; readonly worker: Worker }
  | { readonly type: 'worker-draining'; readonly worker: Worker }
  | { readonly type: 'worker-lost'; readonly worker: Worker }
  | { readonly type: 'jobs-evicted'; readonly jobIds: readonly string[] };

/** Why (part of) a command changed nothing. Every invalid transition ends up here. */
export type NoopReason =
  /** The entry's index is not above the last applied one (re-applied entry). */
  | 'stale-index'
  /** The entry's bytes are not a Command. */
  | 'malformed-entry'
  | 'invalid-job-id'
  | 'invalid-worker-id'
  /** A submit whose command text is empty, all whitespace or too long. */
  | 'invalid-command'
  | 'duplicate-job-id'
  /** A submit whose idempotency key belongs to an existing job (`jobId`: that job). */
  | 'duplicate-idempotency-key'
  | 'at-capacity'
  | 'unknown-job'
  | 'unknown-worker'
  /** An assign of a job that is not Pending. */
  | 'not-pending'
  /** An assign or a status update that names another attempt than the expected one. */
  | 'stale-attempt'
  /** A status update for a job that was never assigned. */
  | 'not-running'
  /** A status update or cancel for a Completed, Failed or Cancelled job. */
  | 'already-finished'
  /** A status update reported by another worker than the one running the attempt. */
  | 'wrong-worker'
  /** A status update to Pending, Cancelled, UNSPECIFIED or an unknown number. */
  | 'invalid-status'
  | 'worker-lost'
  | 'worker-draining'
  | 'worker-full'
  /** An assign of a job with an image to a worker without the docker executor. */
  | 'no-docker'
  /** The command asks for the state the table is already in. */
  | 'no-change'
  | 'nothing-to-evict'
  | 'empty-batch';

export interface Noop {
  readonly reason: NoopReason;
  /** One line for the log, e.g. `job 3f2b... is already completed`. */
  readonly message: string;
  readonly jobId?: string;
  readonly workerId?: bigint;
}

/**
 * What one apply did. A command either changes the table (effects) or is a no-op with
 * reasons; a batch status update can have both, one entry per update. A Noop entry (a
 * Command with no variant) has neither.
 */
export interface ApplyResult {
  readonly effects: readonly Effect[];
  readonly noops: readonly Noop[];
}

export function changed(...effects: Effect[]): ApplyResult {
  return { effects, noops: [] };
}

export function noop(reason: NoopReason, message: string, ids: Pick<Noop, 'jobId' | 'workerId'> = {}): ApplyResult {
  return { effects: [], noops: [{ reason, message, ...ids }] };
}

export const NOTHING: ApplyResult = { effects: [], noops: [] };

/** Concatenates results in order (a batch). */
export function merge(results: readonly ApplyResult[]): ApplyResult {
  return { effects: results.flatMap((r) => r.effects), noops: results.flatMap((r) => r.noops) };
}
