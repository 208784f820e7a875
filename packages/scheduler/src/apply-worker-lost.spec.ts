// Worker loss (SPEC §3 "Worker loss", REF G19): requeue with attempt + 1, Failed after the
// last attempt, never two live attempts.
import { create } from '@bufbuild/protobuf';
import { CommandSchema, JobStatus } from '@sched/rpc/gen';
import * as commands from './commands';
import { Log, T0, assign, jobId, reasons, register, report, submit } from './test-log.test-util';

describe('worker lost', () => {
  it('requeues the worker\'s running jobs in their submit position, unassigned', () => {
    const log = new Log();
    log.applyAll(register(1), register(2), submit(1), submit(2), submit(3), assign(1, 1), assign(3, 1), assign(2, 2));
    const result = log.apply(commands.workerLost(1n, T0 + 5n));
    expect(result.effects.map((e) => e.type)).toEqual(['worker-lost', 'job-requeued', 'job-requeued']);
    expect(log.table.get(jobId(1))).toMatchObject({ status: JobStatus.PENDING, assignedWorker: 0n, attempt: 1 });
    expect([...log.table.pending()].map((j) => j.id)).toEqual([jobId(1), jobId(3)]);
    expect(log.table.worker(1n)?.lost).toBe(true);
    expect(log.table.get(jobId(2))?.status).toBe(JobStatus.RUNNING);
  });

  it('fails a job whose last attempt is lost, with a clear error and the leader\'s time', () => {
    const log = new Log();
    log.applyAll(register(1), register(2), submit(1, { maxAttempts: 2 }), assign(1, 1));
    log.apply(commands.workerLost(1n, T0 + 5n));
    log.apply(assign(1, 2, 2));
    const result = log.apply(commands.workerLost(2n, T0 + 9n));
    const job = log.table.get(jobId(1));
    expect(result.effects).toContainEqual({ type: 'job-exhausted', job, lostWorker: 2n });
    expect(job).toMatchObject({ status: JobStatus.FAILED, attempt: 2, completedAtMs: T0 + 9n });
    expect(job?.failure).toBe('worker 2 lost (attempt 2 of 2; no attempts left)');
  });

  it('gives three attempts by default', () => {
    const log = new Log();
    log.applyAll(register(1), submit(1));
    for (let attempt = 1; attempt <= 3; attempt++) {
      log.applyAll(register(1), assign(1, 1, attempt), commands.workerLost(1n, T0));
    }
    expect(log.table.get(jobId(1))).toMatchObject({ status: JobStatus.FAILED, attempt: 3 });
  });

  it('re-registration makes a lost worker assignable again', () => {
    const log = new Log();
    log.applyAll(register(1), submit(1), commands.workerLost(1n, T0));
    expect(reasons(log.apply(assign(1, 1)))).toEqual(['worker-lost']);
    expect(log.apply(register(1)).effects.map((e) => e.type)).toEqual(['worker-registered']);
    expect(log.apply(assign(1, 1)).effects.map((e) => e.type)).toEqual(['job-assigned']);
  });

  it('is a no-op for an unknown worker, a worker already lost, and worker 0', () => {
    const log = new Log();
    expect(reasons(log.apply(commands.workerLost(4n, T0)))).toEqual(['unknown-worker']);
    log.applyAll(register(4), commands.workerLost(4n, T0));
    expect(reasons(log.apply(commands.workerLost(4n, T0)))).toEqual(['no-change']);
    expect(reasons(log.apply(commands.workerLost(0n, T0)))).toEqual(['invalid-worker-id']);
  });

  it('leaves finished and cancelled jobs of the worker alone', () => {
    const log = new Log();
    log.applyAll(register(1), submit(1), submit(2), assign(1, 1), assign(2, 1), report(1, 1, 'completed'));
    log.apply(commands.cancelJob(jobId(2), T0));
    expect(log.apply(commands.workerLost(1n, T0)).effects.map((e) => e.type)).toEqual(['worker-lost']);
    expect(log.table.countsByStatus()).toMatchObject({ completed: 1, cancelled: 1, pending: 0 });
  });
});

describe('worker registration and drain', () => {
  it('registers with slots and normalized executors, and treats the same registration as no change', () => {
    const log = new Log();
    const result = log.apply(commands.registerWorker(3n, 8, ['exec', 'docker', 'exec']));
    expect(result.effects).toEqual([
      { type: 'worker-registered', worker: { id: 3n, slots: 8, executors: ['docker', 'exec'], draining: false, lost: false } },
    ]);
    expect(reasons(log.apply(commands.registerWorker(3n, 8, ['docker', 'exec'])))).toEqual(['no-change']);
    expect(log.apply(commands.registerWorker(3n, 2, ['exec'])).effects).toHaveLength(1);
    expect(log.table.worker(3n)).toMatchObject({ slots: 2, executors: ['exec'] });
    expect(reasons(log.apply(commands.registerWorker(0n, 1, [])))).toEqual(['invalid-worker-id']);
  });

  it('registers nomad-lite\'s RegisterWorker{id} as one slot, no executors', () => {
    const log = new Log();
    log.apply(create(CommandSchema, { commandType: { case: 'registerWorker', value: { workerId: 5n } } }));
    expect(log.table.worker(5n)).toEqual({ id: 5n, slots: 1, executors: [], draining: false, lost: false });
  });

  it('drains and undrains, keeping the drain across a re-registration', () => {
    const log = new Log();
    log.apply(register(1));
    expect(log.apply(commands.setWorkerDraining(1n, true)).effects[0]).toMatchObject({ type: 'worker-draining', worker: { draining: true } });
    expect(reasons(log.apply(commands.setWorkerDraining(1n, true)))).toEqual(['no-change']);
    log.apply(register(1, 9));
    expect(log.table.worker(1n)).toMatchObject({ draining: true, slots: 9 });
    log.apply(commands.setWorkerDraining(1n, false));
    expect(log.table.worker(1n)?.draining).toBe(false);
    expect(reasons(log.apply(commands.setWorkerDraining(2n, true)))).toEqual(['unknown-worker']);
  });
});
