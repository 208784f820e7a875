// Port of REF §11.16 "Results" tests, adjusted: a result finishes exactly one attempt
// (fencing), output/error stay on the executing node (never in the table).
import { JobStatus } from '@sched/rpc/gen';
import * as commands from './commands';
import { Log, T0, assign, jobId, reasons, register, report, submit } from './test-log.test-util';

function runningJob(): Log {
  const log = new Log();
  log.applyAll(register(1), register(2), submit(1), assign(1, 1));
  return log;
}

describe('status updates', () => {
  it('stores status, executed_by, exit code and completed_at (test_update_job_result_stores_all_fields)', () => {
    const log = runningJob();
    const result = log.apply(report(1, 1, 'completed'));
    const job = log.table.get(jobId(1));
    expect(job).toMatchObject({ status: JobStatus.COMPLETED, executedBy: 1n, exitCode: 0, completedAtMs: T0 + 3_600_000n });
    expect(result.effects).toEqual([{ type: 'job-finished', job }]);
  });

  it('stores a failure with its exit code (test_update_job_result_with_failure)', () => {
    const log = runningJob();
    log.apply(commands.updateJobStatus({ jobId: jobId(1), status: JobStatus.FAILED, executedBy: 1n, exitCode: 127, attempt: 1 }));
    expect(log.table.get(jobId(1))).toMatchObject({ status: JobStatus.FAILED, exitCode: 127, completedAtMs: undefined });
  });

  it.each([0, 1, 127, undefined])('keeps exit code %p as reported (test_update_status_metadata_exit_codes)', (exitCode) => {
    const log = runningJob();
    const status = exitCode === 0 ? JobStatus.COMPLETED : JobStatus.FAILED;
    log.apply(commands.updateJobStatus({ jobId: jobId(1), status, executedBy: 1n, attempt: 1, ...(exitCode === undefined ? {} : { exitCode }) }));
    expect(log.table.get(jobId(1))?.exitCode).toBe(exitCode);
  });

  it('ignores updates for unknown jobs (test_update_status_nonexistent_job, _result_nonexistent_job)', () => {
    const log = runningJob();
    expect(reasons(log.apply(report(2, 1, 'completed')))).toEqual(['unknown-job']);
    expect(log.table.size).toBe(1);
  });

  it('never maps a bad status to Pending (G32)', () => {
    const log = runningJob();
    for (const status of [JobStatus.UNSPECIFIED, JobStatus.PENDING, JobStatus.CANCELLED, 42]) {
      const result = log.apply(commands.updateJobStatus({ jobId: jobId(1), status, executedBy: 1n, attempt: 1 }));
      expect(reasons(result)).toEqual(['invalid-status']);
    }
    expect(log.table.get(jobId(1))?.status).toBe(JobStatus.RUNNING);
  });

  it('is idempotent: a repeated report is a no-op and the first one stands', () => {
    const log = runningJob();
    log.apply(report(1, 1, 'completed'));
    const before = log.table.get(jobId(1));
    expect(reasons(log.apply(report(1, 1, 'completed')))).toEqual(['already-finished']);
    expect(reasons(log.apply(report(1, 1, 'failed')))).toEqual(['already-finished']);
    expect(log.table.get(jobId(1))).toBe(before);
  });

  it('fences off other attempts and other workers', () => {
    const log = runningJob();
    expect(reasons(log.apply(report(1, 1, 'completed', 2)))).toEqual(['stale-attempt']);
    expect(reasons(log.apply(report(1, 1, 'completed', 0)))).toEqual(['stale-attempt']);
    expect(reasons(log.apply(report(1, 2, 'completed')))).toEqual(['wrong-worker']);
    expect(reasons(log.apply(report(1, 1, 'running')))).toEqual(['no-change']);
    expect(log.table.get(jobId(1))?.status).toBe(JobStatus.RUNNING);
  });

  it('ignores the report of a requeued attempt, before and after the job is reassigned', () => {
    const log = runningJob();
    log.apply(commands.workerLost(1n, T0));
    expect(reasons(log.apply(report(1, 1, 'completed')))).toEqual(['stale-attempt']);
    log.apply(assign(1, 2, 2));
    expect(reasons(log.apply(report(1, 1, 'completed', 1)))).toEqual(['stale-attempt']);
    log.apply(report(1, 2, 'completed', 2));
    expect(log.table.get(jobId(1))).toMatchObject({ status: JobStatus.COMPLETED, executedBy: 2n, attempt: 2 });
  });

  it('ignores reports for a job that was never assigned, and for a cancelled one', () => {
    const log = runningJob();
    log.apply(submit(2));
    expect(reasons(log.apply(report(2, 1, 'completed')))).toEqual(['not-running']);
    log.apply(commands.cancelJob(jobId(1), T0 + 10n));
    expect(reasons(log.apply(report(1, 1, 'completed')))).toEqual(['already-finished']);
    expect(log.table.get(jobId(1))?.status).toBe(JobStatus.CANCELLED);
  });

  it('applies a batch update by update, in order, reporting each no-op', () => {
    const log = runningJob();
    log.applyAll(submit(2), assign(2, 2));
    const result = log.apply(
      commands.batchUpdateJobStatus([
        { jobId: jobId(1), status: JobStatus.COMPLETED, executedBy: 1n, exitCode: 0, attempt: 1 },
        { jobId: jobId(3), status: JobStatus.COMPLETED, executedBy: 1n, attempt: 1 },
        { jobId: jobId(2), status: JobStatus.FAILED, executedBy: 2n, exitCode: 2, attempt: 1 },
      ]),
    );
    expect(result.effects.map((e) => e.type)).toEqual(['job-finished', 'job-finished']);
    expect(reasons(result)).toEqual(['unknown-job']);
    expect(log.table.countsByStatus()).toMatchObject({ completed: 1, failed: 1, running: 0 });
    expect(reasons(log.apply(commands.batchUpdateJobStatus([])))).toEqual(['empty-batch']);
  });
});
