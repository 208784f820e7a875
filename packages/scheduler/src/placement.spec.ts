// Port of REF §11.16 "Assigner" tests (placement half), adjusted: placement is a pure
// function, FIFO, least-loaded by Running jobs in the replicated table, ties to the lowest
// id, bounded by slots, docker-only for image jobs (REF G23, G24, G25 fixed).
import * as commands from './commands';
import { type PlacementWorker, place } from './placement';
import { planAssignments } from './plan-assignments';
import { Log, T0, assign, jobId, register, report, submit } from './test-log.test-util';

const job = (n: number, needsDocker = false) => ({ id: jobId(n), needsDocker, nextAttempt: 1 });
const worker = (id: number, slots = 4, load = 0, docker = true): PlacementWorker => ({ id: BigInt(id), slots, load, docker });
const pairs = (placements: ReturnType<typeof place>) => placements.map((p) => [p.jobId, Number(p.workerId)]);

describe('place', () => {
  it('assigns a job to the only worker (test_job_assignment)', () => {
    expect(place([job(1)], [worker(1)])).toEqual([{ jobId: jobId(1), workerId: 1n, attempt: 1 }]);
  });

  it('places nothing without workers or without jobs (test_no_workers_available, test_assign_next_job_no_pending_jobs)', () => {
    expect(place([job(1)], [])).toEqual([]);
    expect(place([], [worker(1)])).toEqual([]);
  });

  it('balances 4 jobs over 2 workers, 2 each (test_assign_next_job_least_loaded_balancing)', () => {
    expect(pairs(place([job(1), job(2), job(3), job(4)], [worker(2), worker(1)]))).toEqual([
      [jobId(1), 1],
      [jobId(2), 2],
      [jobId(3), 1],
      [jobId(4), 2],
    ]);
  });

  it('gives the next job to the least-loaded worker, ties to the lowest id (test_least_loaded_worker_gets_next_job)', () => {
    expect(pairs(place([job(1)], [worker(1, 4, 2), worker(2, 4, 1), worker(3, 4, 1)]))).toEqual([[jobId(1), 2]]);
  });

  it('respects slots and stops when every worker is full', () => {
    expect(pairs(place([job(1), job(2), job(3)], [worker(1, 1), worker(2, 2, 1)]))).toEqual([
      [jobId(1), 1],
      [jobId(2), 2],
    ]);
    expect(place([job(1)], [worker(1, 0)])).toEqual([]);
  });

  it('puts image jobs only on docker workers, without holding back later plain jobs', () => {
    const plan = place([job(1, true), job(2), job(3, true)], [worker(1, 4, 0, false), worker(2, 1, 0, true)]);
    expect(pairs(plan)).toEqual([
      [jobId(1), 2],
      [jobId(2), 1],
    ]);
  });

  it('does not mutate its inputs', () => {
    const workers = [worker(1, 2)];
    place([job(1), job(2)], workers);
    expect(workers).toEqual([worker(1, 2)]);
  });
});

describe('planAssignments', () => {
  it('plans pending jobs in FIFO order onto live, undrained, unlost workers', () => {
    const log = new Log();
    log.applyAll(register(1, 1), register(2, 1), register(3, 1), register(4, 1));
    log.applyAll(commands.setWorkerDraining(2n, true), commands.workerLost(3n, T0));
    log.applyAll(submit(3, { createdAtMs: 1n }), submit(1), submit(2));
    const plan = planAssignments(log.table, new Set([1n, 2n, 3n]));
    expect(plan).toEqual([{ jobId: jobId(3), workerId: 1n, attempt: 1 }]); // worker 4 is not live
  });

  it('counts Running jobs from the table as load, and frees the slot on completion (test_job_completion)', () => {
    const log = new Log();
    log.applyAll(register(1, 1), register(2, 2), submit(1), submit(2), submit(3), assign(1, 2));
    expect(pairs(planAssignments(log.table, new Set([1n, 2n])))).toEqual([
      [jobId(2), 1],
      [jobId(3), 2],
    ]);
    log.applyAll(assign(2, 1), assign(3, 2));
    expect(planAssignments(log.table, new Set([1n, 2n]))).toEqual([]);
    log.applyAll(submit(4), report(2, 1, 'completed'));
    expect(pairs(planAssignments(log.table, new Set([1n, 2n])))).toEqual([[jobId(4), 1]]);
  });

  it('skips in-flight assignments and counts them as load', () => {
    const log = new Log();
    log.applyAll(register(1, 1), register(2, 1), submit(1), submit(2), submit(3));
    const inFlight = new Map([[jobId(1), 1n]]);
    expect(pairs(planAssignments(log.table, new Set([1n, 2n]), inFlight))).toEqual([[jobId(2), 2]]);
  });

  it('starts the next attempt of a requeued job', () => {
    const log = new Log();
    log.applyAll(register(1), register(2), submit(1), assign(1, 1), commands.workerLost(1n, T0));
    const plan = planAssignments(log.table, new Set([2n]));
    expect(plan).toEqual([{ jobId: jobId(1), workerId: 2n, attempt: 2 }]);
    expect(log.apply(commands.assignJob(plan[0] as (typeof plan)[0])).effects[0]).toMatchObject({ type: 'job-assigned' });
  });

  it('produces assignments that all apply, none over a worker\'s slots', () => {
    const log = new Log();
    log.applyAll(register(1, 3), register(2, 2, ['exec']));
    for (let n = 1; n <= 10; n++) log.apply(submit(n, n % 3 === 0 ? { image: 'alpine' } : {}));
    for (const p of planAssignments(log.table, new Set([1n, 2n]))) expect(log.apply(commands.assignJob(p)).noops).toEqual([]);
    expect([log.table.runningCount(1n), log.table.runningCount(2n)]).toEqual([3, 2]);
    expect(log.table.runningOn(2n).every((j) => j.image === undefined)).toBe(true);
  });
});
