/**
 * Property test of determinism. For each of RUNS seeds, a seeded generator writes a
 * random log of scheduler commands (valid and invalid: stale attempts, unknown jobs,
 * reports from the wrong worker, capacity overflows, malformed bytes, ...), mostly
 * informed by the current table so that jobs really move through their lifecycle.
 * Each entry's bytes are applied to
 *   A and B: two fresh tables;  C: restored from A's snapshot at a random cut point;
 * and then: A and B give equal results at every step and byte-equal snapshots at the
 * end; C gives the same results as A after the cut and the same final snapshot (snapshot
 * -> restore -> continue equals never snapshotting); A's invariants hold after every step.
 *
 * A failure names its seed; replay one with `PROPERTY_SEED=<seed> npx jest property`.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { type Command, CommandSchema, JobStatus } from '@sched/rpc/gen';
import type { ApplyResult } from './apply-result';
import * as commands from './commands';
import { type Job, isActive } from './job';
import { JobTable } from './job-table';
import { T0, jobId } from './test-log.test-util';

const RUNS = 1000;
const CAPACITY = 6;
const JOBS = 14;
const WORKERS = 4;

/** A seeded source of test data (Mulberry32): the same seed gives the same sequence. */
interface Rng {
  int(bound: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T | undefined;
}

function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  const unit = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
  return {
    int: (bound) => Math.floor(unit() * bound),
    chance: (p) => unit() < p,
    pick: (items) => items[Math.floor(unit() * items.length)],
  };
}

/** One random entry's bytes, chosen with the help of the table's current state. */
function randomEntry(rng: Rng, table: JobTable): Uint8Array {
  const roll = rng.int(100);
  if (roll < 1) return Uint8Array.of(0x0a, 0x05, 0xff); // malformed
  return toBinary(CommandSchema, randomCommand(rng, table, roll));
}

function randomCommand(rng: Rng, table: JobTable, roll: number): Command {
  const jobs = table.stream();
  const anyJob = (): string => (rng.chance(0.85) ? (rng.pick(jobs)?.id ?? jobId(1 + rng.int(JOBS))) : jobId(1 + rng.int(JOBS)));
  const anyWorker = (): bigint => BigInt(rng.int(WORKERS + 1));
  const time = (): bigint => T0 + BigInt(rng.int(5000));
  if (roll < 25) {
    return commands.submitJob({
      jobId: rng.chance(0.97) ? jobId(1 + rng.int(JOBS)) : 'not-a-uuid',
      command: rng.pick(['echo a', 'ECHO b', 'sleep 1', '   ', 'é x'.repeat(1 + rng.int(3)), 'x'.repeat(1020 + rng.int(8))]) ?? '',
      createdAtMs: T0 + BigInt(rng.int(40)),
      ...(rng.chance(0.3) ? { idempotencyKey: `k${rng.int(4)}` } : {}),
      ...(rng.chance(0.2) ? { image: 'alpine' } : {}),
      ...(rng.chance(0.5) ? { maxAttempts: rng.int(4) } : {}),
      ...(rng.chance(0.2) ? { timeoutMs: rng.int(3) * 1000 } : {}),
    });
  }
  if (roll < 45) {
    const pending = [...table.pending()];
    const job = rng.chance(0.8) ? rng.pick(pending) : undefined;
    const attempt = job !== undefined && rng.chance(0.85) ? job.attempt + 1 : rng.int(4);
    return commands.assignJob({ jobId: job?.id ?? anyJob(), workerId: anyWorker(), attempt });
  }
  if (roll < 62) return commands.updateJobStatus(randomReport(rng, jobs, anyJob, anyWorker, time));
  if (roll < 67) {
    const reports = Array.from({ length: rng.int(4) }, () => randomReport(rng, jobs, anyJob, anyWorker, time));
    return commands.batchUpdateJobStatus(reports);
  }
  if (roll < 74) return commands.cancelJob(anyJob(), time());
  if (roll < 83) {
    const executors = ['docker', 'exec', 'sandbox'].filter(() => rng.chance(0.5));
    return commands.registerWorker(anyWorker(), rng.int(4), executors);
  }
  if (roll < 87) return commands.setWorkerDraining(anyWorker(), rng.chance(0.5));
  if (roll < 94) return commands.workerLost(anyWorker(), time());
  if (roll < 98) return commands.evictJobs(T0 + BigInt(rng.int(6000)));
  return create(CommandSchema);
}

function randomReport(rng: Rng, jobs: readonly Job[], anyJob: () => string, anyWorker: () => bigint, time: () => bigint) {
  const running = jobs.filter((j) => j.status === JobStatus.RUNNING);
  const job = rng.chance(0.75) ? rng.pick(running) : undefined;
  const faithful = job !== undefined && rng.chance(0.85);
  const status = rng.pick([JobStatus.COMPLETED, JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.RUNNING, JobStatus.PENDING, 0]);
  return {
    jobId: job?.id ?? anyJob(),
    status: status ?? JobStatus.COMPLETED,
    executedBy: faithful ? job.assignedWorker : anyWorker(),
    attempt: faithful ? job.attempt : rng.int(4),
    ...(rng.chance(0.8) ? { exitCode: rng.int(3) } : {}),
    ...(rng.chance(0.9) ? { completedAtMs: time() } : {}),
  };
}

/** A result as text (bigints included), to compare results cheaply at every step. */
function fingerprint(result: ApplyResult): string {
  return JSON.stringify(result, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`invariant broken: ${what}`);
}

/** Invariants of docs/scheduler.md, checked against a recount of the table. */
function checkInvariants(table: JobTable): void {
  const jobs = table.stream();
  const active = jobs.filter((j) => isActive(j.status)).length;
  check(active <= CAPACITY && table.activeCount() === active, `active ${active} within capacity and counted`);
  for (const job of jobs) {
    check(job.status >= JobStatus.PENDING && job.status <= JobStatus.CANCELLED, `job ${job.id} has a real status`);
    if (job.status === JobStatus.PENDING) check(job.assignedWorker === 0n, `pending job ${job.id} is unassigned`);
    if (job.status === JobStatus.RUNNING) {
      check(table.worker(job.assignedWorker)?.lost === false, `running job ${job.id} is on a registered, unlost worker`);
      check(job.attempt >= 1 && job.attempt <= job.maxAttempts, `running job ${job.id} is within its attempts`);
    }
  }
  const pending = jobs.filter((j) => j.status === JobStatus.PENDING).map((j) => j.id).sort();
  check([...table.pending()].map((j) => j.id).sort().join() === pending.join(), 'the pending index holds the pending jobs');
  const running = jobs.filter((j) => j.status === JobStatus.RUNNING);
  check(table.countsByStatus().running === running.length, 'running count');
  for (const w of table.workers()) {
    check(table.runningCount(w.id) === running.filter((j) => j.assignedWorker === w.id).length, `load of worker ${w.id}`);
  }
  const keys = jobs.flatMap((j) => (j.idempotencyKey === undefined ? [] : [j.idempotencyKey]));
  check(new Set(keys).size === keys.length, 'idempotency keys are unique');
}

function sameBytes(x: Uint8Array, y: Uint8Array, what: string): void {
  check(Buffer.from(x).equals(Buffer.from(y)), what);
}

function runSequence(seed: number): void {
  const rng = seededRng(seed);
  const length = 20 + rng.int(70);
  const cut = rng.int(length);
  const a = JobTable.create({ capacity: CAPACITY });
  const b = JobTable.create({ capacity: CAPACITY });
  let c: JobTable | undefined;
  for (let index = 1; index <= length; index++) {
    if (index - 1 === cut) c = JobTable.restore(a.snapshot(), { capacity: CAPACITY });
    const entry = randomEntry(rng, a);
    const meta = { index, term: 1 + (index >> 4) };
    const result = fingerprint(a.applyEntry(entry, meta));
    // Every table decodes its own copy of the entry, as every node does.
    check(fingerprint(b.applyEntry(entry.slice(), meta)) === result, `B's result at index ${index} equals A's`);
    if (c !== undefined) check(fingerprint(c.applyEntry(entry.slice(), meta)) === result, `restored C's result at index ${index}`);
    checkInvariants(a);
  }
  const final = a.snapshot();
  sameBytes(b.snapshot(), final, "B's snapshot equals A's byte for byte");
  sameBytes((c as JobTable).snapshot(), final, "restored C's snapshot equals A's byte for byte");
  sameBytes(JobTable.restore(final, { capacity: CAPACITY }).snapshot(), final, 'snapshot round trip');
}

describe('determinism property', () => {
  const only = process.env['PROPERTY_SEED'];
  const seeds = only !== undefined ? [Number(only)] : Array.from({ length: RUNS }, (_, i) => 0x5eed + i);

  it(`holds for ${seeds.length} random command sequences`, () => {
    let applied = 0;
    for (const seed of seeds) {
      try {
        runSequence(seed);
      } catch (error) {
        throw new Error(`determinism property failed for seed ${seed} (replay: PROPERTY_SEED=${seed} npx jest property)\n${String(error)}`);
      }
      applied++;
    }
    expect(applied).toBe(seeds.length);
  });
});
