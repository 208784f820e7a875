// Port of nomad-lite's tests/cancel_tests.rs (REF §11.9): three nodes apply the same log.
// Adjusted: a cancel that changes nothing is a no-op with a reason (the API answers
// NOT_FOUND / `job is already <status>` before proposing; the log may still carry one).
import { JobStatus } from '@sched/rpc/gen';
import * as commands from './commands';
import { Log, T0, assign, jobId, reasons, register, report, submit } from './test-log.test-util';

function cluster(): Log {
  return new Log(3);
}

describe('cancel', () => {
  it('cancels a pending job on every node, with the leader\'s time (test_cancel_pending_job_replicated_to_all_nodes)', () => {
    const log = cluster();
    log.apply(submit(1));
    const result = log.apply(commands.cancelJob(jobId(1), T0 + 77n));
    expect(result.effects).toEqual([{ type: 'job-cancelled', job: log.table.get(jobId(1)), previous: JobStatus.PENDING }]);
    for (const t of log.tables) expect(t.get(jobId(1))).toMatchObject({ status: JobStatus.CANCELLED, completedAtMs: T0 + 77n });
    expect([...log.table.pending()]).toEqual([]);
  });

  it('keeps a second cancel a no-op, Cancelled everywhere (test_cancel_already_cancelled_job_is_idempotent)', () => {
    const log = cluster();
    log.applyAll(submit(1), commands.cancelJob(jobId(1), T0 + 1n));
    const again = log.apply(commands.cancelJob(jobId(1), T0 + 2n));
    expect(again.noops).toEqual([expect.objectContaining({ reason: 'already-finished', message: expect.stringContaining('job is already cancelled') })]);
    for (const t of log.tables) expect(t.get(jobId(1))).toMatchObject({ status: JobStatus.CANCELLED, completedAtMs: T0 + 1n });
  });

  it('creates nothing when cancelling an unknown job (test_cancel_nonexistent_job_is_a_noop)', () => {
    const log = cluster();
    const result = log.apply(commands.cancelJob(jobId(5), T0));
    expect(result.noops).toEqual([expect.objectContaining({ reason: 'unknown-job', message: expect.stringContaining('job not found') })]);
    for (const t of log.tables) expect(t.size).toBe(0);
  });

  it('leaves a completed job completed (test_cancel_completed_job_leaves_status_unchanged)', () => {
    const log = cluster();
    log.applyAll(register(1), submit(1), assign(1, 1), report(1, 1, 'completed'));
    expect(reasons(log.apply(commands.cancelJob(jobId(1), T0)))).toEqual(['already-finished']);
    for (const t of log.tables) expect(t.get(jobId(1))?.status).toBe(JobStatus.COMPLETED);
  });

  it('cancels a running job, keeping its worker so that node can kill it, and frees the slot', () => {
    const log = cluster();
    log.applyAll(register(1, 1), submit(1), submit(2), assign(1, 1));
    const result = log.apply(commands.cancelJob(jobId(1), T0));
    expect(result.effects[0]).toMatchObject({ type: 'job-cancelled', previous: JobStatus.RUNNING, job: { assignedWorker: 1n } });
    expect(log.table.runningCount(1n)).toBe(0);
    expect(log.apply(assign(2, 1)).effects.map((e) => e.type)).toEqual(['job-assigned']);
  });
});
