// Port of nomad-lite's tests/scheduler_tests.rs (REF §11.16), job basics, table and apply
// semantics, adjusted to sched: the table changes only through applied commands, ids are
// canonical UUIDs, assignments carry an attempt number, output is not replicated.
import { create, toBinary } from '@bufbuild/protobuf';
import { CommandSchema, JobStatus } from '@sched/rpc/gen';
import * as commands from './commands';
import { JobTable } from './job-table';
import { MAX_ACTIVE_JOBS } from './limits';
import { statusName } from './status-names';
import { Log, T0, assign, jobId, reasons, register, report, submit } from './test-log.test-util';

describe('job basics', () => {
  it('creates a Pending job from SubmitJob with every field initialized (test_job_creation, _new_fields_initialized)', () => {
    const log = new Log();
    log.apply(submit(1));
    expect(log.table.get(jobId(1))).toEqual({
      id: jobId(1),
      command: 'echo job 1',
      image: undefined,
      status: JobStatus.PENDING,
      assignedWorker: 0n,
      executedBy: 0n,
      exitCode: undefined,
      createdAtMs: T0 + 1n,
      completedAtMs: undefined,
      attempt: 0,
      maxAttempts: 3,
      timeoutMs: undefined,
      idempotencyKey: undefined,
      failure: undefined,
    });
  });

  it('names statuses in lowercase (test_job_status_display)', () => {
    expect(
      [JobStatus.PENDING, JobStatus.RUNNING, JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED].map(statusName),
    ).toEqual(['pending', 'running', 'completed', 'failed', 'cancelled']);
  });

  it('round-trips a job with every field through a snapshot (test_job_serde_round_trip)', () => {
    const log = new Log();
    log.applyAll(
      register(7),
      submit(1, { image: 'alpine:3', idempotencyKey: 'k1', maxAttempts: 5, timeoutMs: 1500 }),
      assign(1, 7),
      report(1, 7, 'failed'),
    );
    const restored = JobTable.restore(log.table.snapshot());
    expect(restored.get(jobId(1))).toEqual(log.table.get(jobId(1)));
    expect(restored.get(jobId(1))).toMatchObject({ image: 'alpine:3', exitCode: 1, maxAttempts: 5, timeoutMs: 1500 });
  });

  it('keeps the leader-chosen id and created_at (test_job_with_id_preserves_id_and_created_at)', () => {
    const log = new Log();
    log.apply(commands.submitJob({ jobId: jobId(9), command: 'true', createdAtMs: -5n }));
    expect(log.table.get(jobId(9))).toMatchObject({ id: jobId(9), createdAtMs: -5n });
  });

  it('treats an empty image and idempotency key as absent, max_attempts 0 as the default', () => {
    const log = new Log();
    log.apply(submit(1, { image: '', idempotencyKey: '', maxAttempts: 0, timeoutMs: 0 }));
    expect(log.table.get(jobId(1))).toMatchObject({ image: undefined, idempotencyKey: undefined, maxAttempts: 3, timeoutMs: undefined });
  });
});

describe('table', () => {
  it('inserts, finds and counts jobs (test_job_queue_operations, test_queue_helper_methods, _default_impl)', () => {
    const log = new Log();
    expect(log.table.size).toBe(0);
    expect(log.table.get(jobId(1))).toBeUndefined();
    log.applyAll(submit(1), submit(2), register(1), assign(2, 1));
    expect(log.table.size).toBe(2);
    expect(log.table.activeCount()).toBe(2);
    expect(log.table.countsByStatus()).toEqual({ pending: 1, running: 1, completed: 0, failed: 0, cancelled: 0 });
    expect([...log.table.pending()].map((j) => j.id)).toEqual([jobId(1)]);
  });

  it('lists the jobs of a worker (test_jobs_for_worker, _for_nonexistent_worker_returns_empty)', () => {
    const log = new Log();
    log.applyAll(register(1), register(2), submit(1), submit(2), submit(3), assign(1, 1), assign(2, 2), assign(3, 1));
    log.apply(report(3, 1, 'completed'));
    expect(log.table.jobsAssignedTo(1n).map((j) => j.id)).toEqual([jobId(1), jobId(3)]);
    expect(log.table.runningOn(1n).map((j) => j.id)).toEqual([jobId(1)]);
    expect(log.table.jobsAssignedTo(99n)).toEqual([]);
    expect(log.table.runningOn(99n)).toEqual([]);
  });

  it('counts only Running jobs as a worker\'s load (test_running_jobs_on_worker_counts_only_running, _excludes_other_workers)', () => {
    const log = new Log();
    log.applyAll(register(1), register(2), submit(1), submit(2), submit(3), submit(4));
    log.applyAll(assign(1, 1), assign(2, 1), assign(3, 2), report(2, 1, 'completed'));
    expect(log.table.runningCount(1n)).toBe(1);
    expect(log.table.runningCount(2n)).toBe(1);
    expect(log.table.runningCount(3n)).toBe(0);
    expect(log.table.countsByWorker()).toEqual(
      new Map([
        [1n, { pending: 0, running: 1, completed: 1, failed: 0, cancelled: 0 }],
        [2n, { pending: 0, running: 1, completed: 0, failed: 0, cancelled: 0 }],
      ]),
    );
  });

  it('refuses a submit beyond the capacity, at apply, and frees room when jobs finish (test_queue_capacity_limit)', () => {
    const log = new Log(2, { capacity: 3 });
    log.applyAll(submit(1), submit(2), submit(3));
    expect(log.table.hasCapacity()).toBe(false);
    expect(reasons(log.apply(submit(4)))).toEqual(['at-capacity']);
    for (const t of log.tables) expect(t.get(jobId(4))).toBeUndefined();
    log.applyAll(register(1), assign(1, 1), report(1, 1, 'completed'));
    expect(log.table.hasCapacity()).toBe(true);
    expect(log.table.hasCapacity(1)).toBe(false); // one submit already in flight fills it
    expect(log.apply(submit(5)).effects.map((e) => e.type)).toEqual(['job-submitted']);
    expect(log.tables[1]?.snapshot()).toEqual(log.table.snapshot());
  });

  it('holds exactly 10,000 active jobs by default (test_queue_at_capacity_rejects_add)', () => {
    const log = new Log();
    for (let n = 1; n <= MAX_ACTIVE_JOBS; n++) log.apply(submit(n));
    expect(log.table.activeCount()).toBe(10_000);
    const refused = log.apply(submit(MAX_ACTIVE_JOBS + 1));
    expect(refused.noops[0]).toMatchObject({ reason: 'at-capacity', jobId: jobId(MAX_ACTIVE_JOBS + 1) });
    expect(refused.noops[0]?.message).toContain('Job queue is at capacity');
  });

  it('assigns a Pending job to a registered worker (test_assign_job_direct)', () => {
    const log = new Log();
    log.applyAll(register(42), submit(1));
    const result = log.apply(assign(1, 42));
    expect(result.effects).toEqual([{ type: 'job-assigned', job: log.table.get(jobId(1)) }]);
    expect(log.table.get(jobId(1))).toMatchObject({ status: JobStatus.RUNNING, assignedWorker: 42n, attempt: 1 });
  });

  it('ignores an assign of an unknown job (test_assign_job_nonexistent)', () => {
    const log = new Log();
    log.apply(register(1));
    expect(reasons(log.apply(assign(1, 1)))).toEqual(['unknown-job']);
    expect(log.table.size).toBe(0);
  });

  it('refuses assigns that break a rule, each with its reason', () => {
    const log = new Log();
    log.applyAll(register(1, 1), register(2, 1, ['exec']), register(3), submit(1), submit(2), submit(3, { image: 'alpine' }));
    log.apply(commands.setWorkerDraining(3n, true));
    expect(reasons(log.apply(assign(1, 1, 2)))).toEqual(['stale-attempt']);
    expect(reasons(log.apply(assign(1, 1, 0)))).toEqual(['stale-attempt']);
    expect(reasons(log.apply(assign(1, 9)))).toEqual(['unknown-worker']);
    expect(reasons(log.apply(assign(1, 3)))).toEqual(['worker-draining']);
    expect(reasons(log.apply(assign(3, 2)))).toEqual(['no-docker']);
    log.apply(assign(1, 1));
    expect(reasons(log.apply(assign(1, 2)))).toEqual(['not-pending']);
    expect(reasons(log.apply(assign(2, 1)))).toEqual(['worker-full']);
    log.apply(commands.workerLost(2n, T0));
    expect(reasons(log.apply(assign(2, 2)))).toEqual(['worker-lost']);
    expect(log.table.get(jobId(2))?.status).toBe(JobStatus.PENDING);
  });

  it('lists every job oldest first, ties by id (test_all_jobs_sort_order)', () => {
    const log = new Log();
    log.applyAll(
      submit(3, { createdAtMs: T0 + 5n }),
      submit(1, { createdAtMs: T0 + 9n }),
      submit(2, { createdAtMs: T0 + 5n }),
      submit(4, { createdAtMs: T0 - 1n }),
    );
    expect(log.table.stream().map((j) => j.id)).toEqual([jobId(4), jobId(2), jobId(3), jobId(1)]);
  });
});

describe('apply semantics', () => {
  it('applies committed entries given as bytes (test_apply_committed_entries_to_queue)', () => {
    const table = JobTable.create();
    const entries = [submit(1), submit(2), register(5), assign(1, 5)].map((c) => toBinary(CommandSchema, c));
    entries.forEach((data, i) => table.applyEntry(data, { index: i + 1, term: 2 }));
    expect(table.size).toBe(2);
    expect(table.get(jobId(1))?.status).toBe(JobStatus.RUNNING);
    expect([table.appliedIndex, table.appliedTerm]).toEqual([4, 2]);
  });

  it('applies a status update from a committed entry (test_apply_job_status_update_from_committed_entry)', () => {
    const table = JobTable.create();
    [register(5), submit(1), assign(1, 5), report(1, 5, 'completed')].forEach((c, i) =>
      table.applyEntry(toBinary(CommandSchema, c), { index: i + 1, term: 1 }),
    );
    expect(table.get(jobId(1))).toMatchObject({ status: JobStatus.COMPLETED, executedBy: 5n, exitCode: 0 });
  });

  it('applies the same SubmitJob twice as one job (test_idempotent_entry_application)', () => {
    const log = new Log();
    log.apply(submit(1));
    const again = log.apply(submit(1, { command: 'something else' }));
    expect(again.noops).toEqual([expect.objectContaining({ reason: 'duplicate-job-id', jobId: jobId(1) })]);
    expect(log.table.size).toBe(1);
    expect(log.table.get(jobId(1))?.command).toBe('echo job 1');
  });

  it('refuses an entry whose index is not after the applied one, changing nothing', () => {
    const table = JobTable.create();
    table.apply(submit(1), { index: 5, term: 1 });
    const before = table.snapshot();
    expect(reasons(table.apply(submit(2), { index: 5, term: 1 }))).toEqual(['stale-index']);
    expect(reasons(table.apply(submit(2), { index: 3, term: 1 }))).toEqual(['stale-index']);
    expect(table.snapshot()).toEqual(before);
  });

  it('treats a Command with no variant (Noop entry) as an index advance only', () => {
    const table = JobTable.create();
    expect(table.applyEntry(new Uint8Array(), { index: 1, term: 3 })).toEqual({ effects: [], noops: [] });
    expect(table.apply(create(CommandSchema), { index: 2, term: 3 })).toEqual({ effects: [], noops: [] });
    expect(table.appliedIndex).toBe(2);
  });

  it('treats undecodable entry bytes as a no-op on every node', () => {
    const table = JobTable.create();
    expect(reasons(table.applyEntry(Uint8Array.of(0xff, 0xff, 0xff), { index: 1, term: 1 }))).toEqual(['malformed-entry']);
    expect(table.appliedIndex).toBe(1);
  });

  it('refuses submits with an invalid id or command text', () => {
    const log = new Log();
    expect(reasons(log.apply(submit(1, { jobId: 'not-a-uuid' })))).toEqual(['invalid-job-id']);
    expect(reasons(log.apply(submit(1, { jobId: jobId(0xabc).toUpperCase() })))).toEqual(['invalid-job-id']);
    expect(log.apply(submit(1, { command: '  \t' })).noops[0]?.message).toContain('Command cannot be empty');
    expect(reasons(log.apply(submit(1, { command: 'x'.repeat(1025) })))).toEqual(['invalid-command']);
    expect(log.table.size).toBe(0);
  });
});
