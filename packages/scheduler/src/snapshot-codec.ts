import type { Job, Worker } from './job';
import { jobIdFromBytes, jobIdToBytes } from './job-id';
import { isKnownStatus } from './status-names';
import { LENGTH_DELIMITED, VARINT, WireReader } from './wire-reader';
import { WireWriter } from './wire-writer';

/**
 * The job table's snapshot bytes: a protobuf `sched.scheduler.v1.TableSnapshot`
 * (proto/sched/scheduler/v1/table.proto is the schema of record; any protobuf decoder
 * reads these bytes). Written and read field by field by WireWriter / WireReader rather
 * than through protobuf-es reflection, which takes about a second for 100,000 jobs (an
 * event-loop stall longer than an election timeout); the bytes are exactly what
 * protobuf-es's `toBinary` writes for the same message (fields in number order, zero
 * implicit-presence fields omitted), which snapshot.spec.ts checks.
 */

/** The layout of table.proto that this code writes and reads. */
export const SNAPSHOT_VERSION = 1;

/** Everything a table holds; the rest (indexes, counts, key map) is derived. */
export interface TableContents {
  readonly appliedIndex: number;
  readonly appliedTerm: number;
  /** In submit order. */
  readonly jobs: readonly Job[];
  /** Ascending by id. */
  readonly workers: readonly Worker[];
}

/** A snapshot that cannot be restored; the node must stop rather than run on a guess. */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}

export function encodeSnapshot(contents: TableContents): Uint8Array {
  const w = new WireWriter();
  w.varint(1, SNAPSHOT_VERSION);
  if (contents.appliedIndex !== 0) w.varint(2, contents.appliedIndex);
  if (contents.appliedTerm !== 0) w.varint(3, contents.appliedTerm);
  for (const job of contents.jobs) w.message(4, () => writeJob(w, job));
  for (const worker of contents.workers) w.message(5, () => writeWorker(w, worker));
  return w.finish();
}

function writeJob(w: WireWriter, job: Job): void {
  w.bytes(1, jobIdToBytes(job.id));
  if (job.command !== '') w.string(2, job.command);
  if (job.image !== undefined) w.string(3, job.image);
  w.varint(4, job.status);
  if (job.assignedWorker !== 0n) w.varint(5, job.assignedWorker);
  if (job.executedBy !== 0n) w.varint(6, job.executedBy);
  if (job.exitCode !== undefined) w.varint(7, job.exitCode);
  if (job.createdAtMs !== 0n) w.varint(8, job.createdAtMs);
  if (job.completedAtMs !== undefined) w.varint(9, job.completedAtMs);
  if (job.attempt !== 0) w.varint(10, job.attempt);
  if (job.maxAttempts !== 0) w.varint(11, job.maxAttempts);
  if (job.timeoutMs !== undefined) w.varint(12, job.timeoutMs);
  if (job.idempotencyKey !== undefined) w.string(13, job.idempotencyKey);
  if (job.failure !== undefined) w.string(14, job.failure);
}

function writeWorker(w: WireWriter, worker: Worker): void {
  w.varint(1, worker.id);
  if (worker.slots !== 0) w.varint(2, worker.slots);
  for (const executor of worker.executors) w.string(3, executor);
  if (worker.draining) w.bool(4, true);
  if (worker.lost) w.bool(5, true);
}

/**
 * Contents of snapshot bytes. Throws SnapshotError for bytes that are not a TableSnapshot,
 * an unknown version, ids not 16 bytes, unknown statuses or repeated worker ids. (Repeated
 * job ids and idempotency keys are caught by `checkLoaded` once the table is indexed,
 * which costs no second pass over 100,000 ids.) Unknown fields are skipped: a newer
 * writer's additive fields do not stop an older reader.
 */
export function decodeSnapshot(bytes: Uint8Array): TableContents {
  let snapshot: { version: number; appliedIndex: bigint; appliedTerm: bigint; jobs: Job[]; workers: Worker[] };
  try {
    snapshot = readSnapshot(new WireReader(bytes));
  } catch (error) {
    throw error instanceof SnapshotError ? error : new SnapshotError(`job table snapshot does not decode: ${String(error)}`);
  }
  if (snapshot.version !== SNAPSHOT_VERSION) {
    throw new SnapshotError(`job table snapshot version ${snapshot.version} is not supported (expected ${SNAPSHOT_VERSION})`);
  }
  unique(snapshot.workers, (worker) => worker.id, 'worker id');
  return {
    appliedIndex: safeNumber(snapshot.appliedIndex, 'applied index'),
    appliedTerm: safeNumber(snapshot.appliedTerm, 'applied term'),
    jobs: snapshot.jobs,
    workers: snapshot.workers,
  };
}

function readSnapshot(r: WireReader) {
  const snapshot = { version: 0, appliedIndex: 0n, appliedTerm: 0n, jobs: [] as Job[], workers: [] as Worker[] };
  while (r.more()) {
    const [field, type] = r.key();
    if (field === 1 && type === VARINT) snapshot.version = r.uint();
    else if (field === 2 && type === VARINT) snapshot.appliedIndex = r.big(false);
    else if (field === 3 && type === VARINT) snapshot.appliedTerm = r.big(false);
    else if (field === 4 && type === LENGTH_DELIMITED) snapshot.jobs.push(readJob(r.message()));
    else if (field === 5 && type === LENGTH_DELIMITED) snapshot.workers.push(readWorker(r.message()));
    else r.skip(type);
  }
  return snapshot;
}

function readJob(r: WireReader): Job {
  let idBytes: Uint8Array = new Uint8Array();
  let command = '';
  let image: string | undefined;
  let status = 0;
  let assignedWorker = 0n;
  let executedBy = 0n;
  let exitCode: number | undefined;
  let createdAtMs = 0n;
  let completedAtMs: bigint | undefined;
  let attempt = 0;
  let maxAttempts = 0;
  let timeoutMs: number | undefined;
  let idempotencyKey: string | undefined;
  let failure: string | undefined;
  while (r.more()) {
    const [field, type] = r.key();
    const text = type === LENGTH_DELIMITED;
    const varint = type === VARINT;
    if (field === 1 && text) idBytes = r.bytes();
    else if (field === 2 && text) command = r.string();
    else if (field === 3 && text) image = r.string();
    else if (field === 4 && varint) status = r.int32();
    else if (field === 5 && varint) assignedWorker = r.big(false);
    else if (field === 6 && varint) executedBy = r.big(false);
    else if (field === 7 && varint) exitCode = r.int32();
    else if (field === 8 && varint) createdAtMs = r.big(true);
    else if (field === 9 && varint) completedAtMs = r.big(true);
    else if (field === 10 && varint) attempt = r.uint();
    else if (field === 11 && varint) maxAttempts = r.uint();
    else if (field === 12 && varint) timeoutMs = r.uint();
    else if (field === 13 && text) idempotencyKey = r.string();
    else if (field === 14 && text) failure = r.string();
    else r.skip(type);
  }
  const id = jobIdFromBytes(idBytes);
  if (id === undefined) throw new SnapshotError(`job id of ${idBytes.length} bytes in job table snapshot`);
  if (!isKnownStatus(status)) throw new SnapshotError(`job ${id} has unknown status ${status} in job table snapshot`);
  // prettier-ignore
  return { id, command, image, status, assignedWorker, executedBy, exitCode, createdAtMs, completedAtMs, attempt, maxAttempts, timeoutMs, idempotencyKey, failure };
}

function readWorker(r: WireReader): Worker {
  const worker = { id: 0n, slots: 0, executors: [] as string[], draining: false, lost: false };
  while (r.more()) {
    const [field, type] = r.key();
    if (field === 1 && type === VARINT) worker.id = r.big(false);
    else if (field === 2 && type === VARINT) worker.slots = r.uint();
    else if (field === 3 && type === LENGTH_DELIMITED) worker.executors.push(r.string());
    else if (field === 4 && type === VARINT) worker.draining = r.bool();
    else if (field === 5 && type === VARINT) worker.lost = r.bool();
    else r.skip(type);
  }
  return worker;
}

/**
 * Throws unless a table loaded from `contents` indexed every job under its own id and
 * every idempotency key once (a repeated one collapsed into one Map entry).
 */
export function checkLoaded(contents: TableContents, loaded: { jobs: number; keys: number }): void {
  if (loaded.jobs !== contents.jobs.length) throw new SnapshotError('a job id appears twice in job table snapshot');
  const keys = contents.jobs.reduce((n, job) => n + (job.idempotencyKey === undefined ? 0 : 1), 0);
  if (loaded.keys !== keys) throw new SnapshotError('an idempotency key appears twice in job table snapshot');
}

/** Throws if two items have the same key. */
function unique<T>(items: readonly T[], keyOf: (item: T) => bigint, what: string): void {
  const seen = new Set<bigint>();
  for (const item of items) {
    const key = keyOf(item);
    if (seen.has(key)) throw new SnapshotError(`${what} ${key} appears twice in job table snapshot`);
    seen.add(key);
  }
}

function safeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new SnapshotError(`${what} ${value} is out of range`);
  return Number(value);
}
