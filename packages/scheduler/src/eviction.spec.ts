// Port of REF §11.16 "Eviction" (test_cleanup_finished_jobs, _edge_cases), adjusted:
// eviction is a replicated command with a leader-chosen cutoff, not a per-node timer.
import { JobStatus } from '@sched/rpc/gen';
import * as commands from './commands';
import { Log, T0, assign, jobId, reasons, register, submit } from './test-log.test-util';

const HOUR = 3_600_000n;

function finish(log: Log, n: number, status: JobStatus, completedAtMs?: bigint): void {
  log.applyAll(submit(n), assign(n, 1));
  log.apply(commands.updateJobStatus({ jobId: jobId(n), status, executedBy: 1n, attempt: 1, ...(completedAtMs === undefined ? {} : { completedAtMs }) }));
}

describe('eviction', () => {
  it('evicts finished jobs older than the cutoff and keeps active ones (test_cleanup_finished_jobs)', () => {
    const log = new Log(2);
    log.apply(register(1, 10));
    const now = T0 + 10n * HOUR;
    finish(log, 1, JobStatus.COMPLETED, now - 2n * HOUR);
    finish(log, 2, JobStatus.FAILED, now - 2n * HOUR);
    finish(log, 3, JobStatus.COMPLETED, now - HOUR / 2n);
    log.applyAll(submit(4), submit(5), assign(5, 1), submit(6), commands.cancelJob(jobId(6), now - 3n * HOUR));
    const result = log.apply(commands.evictJobs(now - HOUR));
    expect(result.effects).toEqual([{ type: 'jobs-evicted', jobIds: [jobId(1), jobId(2), jobId(6)] }]);
    for (const t of log.tables) expect(t.stream().map((j) => j.id)).toEqual([jobId(3), jobId(4), jobId(5)]);
    expect(log.table.countsByStatus()).toEqual({ pending: 1, running: 1, completed: 1, failed: 0, cancelled: 0 });
  });

  it('keeps a job finished exactly at the cutoff, judges one without completed_at by created_at (test_cleanup_finished_jobs_edge_cases)', () => {
    const log = new Log();
    log.apply(register(1, 10));
    finish(log, 1, JobStatus.COMPLETED, T0 + 100n);
    finish(log, 2, JobStatus.FAILED); // no completed_at; created at T0 + 2
    expect(log.apply(commands.evictJobs(T0 + 100n)).effects).toEqual([{ type: 'jobs-evicted', jobIds: [jobId(2)] }]);
    expect(log.table.get(jobId(1))).toBeDefined();
    expect(reasons(log.apply(commands.evictJobs(T0 + 100n)))).toEqual(['nothing-to-evict']);
  });

  it('forgets the idempotency key of an evicted job', () => {
    const log = new Log();
    log.apply(register(1));
    log.applyAll(submit(1, { idempotencyKey: 'k' }), commands.cancelJob(jobId(1), T0));
    log.apply(commands.evictJobs(T0 + 1n));
    expect(log.table.getByIdempotencyKey('k')).toBeUndefined();
    expect(log.apply(submit(2, { idempotencyKey: 'k' })).effects.map((e) => e.type)).toEqual(['job-submitted']);
  });
});
