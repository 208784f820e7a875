// Port of nomad-lite's ListJobs tests (REF §11.1 items 16–22) plus the paging rules of
// REF §4.2, against the table directly (the API handler only converts Job -> JobInfo).
import { create } from '@bufbuild/protobuf';
import { JobStatus, ListJobsRequestSchema } from '@sched/rpc/gen';
import * as commands from './commands';
import type { Job } from './job';
import type { ListQuery } from './list-jobs';
import { Log, T0, assign, jobId, register, report, submit } from './test-log.test-util';

const HOUR = 3_600_000n;

function page(log: Log, query: ListQuery): { ids: string[]; next: string; total: number } {
  const result = log.table.list(query);
  if (!result.ok) throw new Error(result.error);
  return { ids: result.jobs.map((j: Job) => j.id), next: result.nextPageToken, total: result.totalCount };
}

describe('ListJobs filters', () => {
  it('filters by status (16: test_list_jobs_status_filter)', () => {
    const log = new Log();
    log.applyAll(register(1), submit(1), submit(2), submit(3), assign(2, 1), assign(3, 1), report(3, 1, 'completed'));
    expect(page(log, { statusFilter: JobStatus.PENDING })).toEqual({ ids: [jobId(1)], next: '', total: 1 });
    expect(page(log, { statusFilter: JobStatus.COMPLETED })).toEqual({ ids: [jobId(3)], next: '', total: 1 });
    // 0 and numbers outside the enum mean "no filter".
    expect(page(log, { statusFilter: 0 }).total).toBe(3);
    expect(page(log, { statusFilter: 99 }).total).toBe(3);
  });

  it('matches assigned OR executed worker (17: test_list_jobs_worker_filter)', () => {
    const log = new Log();
    log.applyAll(register(1), register(2), submit(1), submit(2), submit(3), assign(1, 1), assign(2, 1), assign(3, 2));
    log.apply(report(2, 1, 'completed'));
    expect(page(log, { workerIdFilter: 1n }).ids).toEqual([jobId(1), jobId(2)]);
    expect(page(log, { workerIdFilter: 2n }).ids).toEqual([jobId(3)]);
    expect(page(log, { workerIdFilter: 3n }).total).toBe(0);
  });

  it('matches a case-insensitive substring of the command (18: test_list_jobs_command_filter)', () => {
    const log = new Log();
    log.applyAll(
      submit(1, { command: 'echo hello world' }),
      submit(2, { command: 'ECHO uppercase' }),
      submit(3, { command: 'sleep 1' }),
      submit(4, { command: 'ÉCOLE' }),
    );
    expect(page(log, { commandFilter: 'echo' }).ids).toEqual([jobId(1), jobId(2)]);
    expect(page(log, { commandFilter: 'EcHo' }).total).toBe(2);
    expect(page(log, { commandFilter: 'python' }).total).toBe(0);
    expect(page(log, { commandFilter: 'école' }).ids).toEqual([jobId(4)]);
    expect(page(log, { commandFilter: '' }).total).toBe(4);
  });

  it('keeps created_at within inclusive bounds (19: test_list_jobs_time_range_filter)', () => {
    const log = new Log();
    const now = T0 + 10n * HOUR;
    log.applyAll(
      submit(1, { createdAtMs: now - 3n * HOUR }),
      submit(2, { createdAtMs: now - HOUR }),
      submit(3, { createdAtMs: now }),
    );
    expect(page(log, { createdAfterMs: now - 2n * HOUR, createdBeforeMs: now - HOUR / 2n }).ids).toEqual([jobId(2)]);
    expect(page(log, { createdAfterMs: now - HOUR, createdBeforeMs: now - HOUR }).ids).toEqual([jobId(2)]);
    expect(page(log, { createdAfterMs: now }).ids).toEqual([jobId(3)]);
    expect(page(log, { createdBeforeMs: now - 3n * HOUR }).ids).toEqual([jobId(1)]);
    expect(page(log, { createdAfterMs: now, createdBeforeMs: now - HOUR }).total).toBe(0);
  });

  it('honours negative bounds literally', () => {
    const log = new Log();
    log.applyAll(submit(1, { createdAtMs: -10n }), submit(2, { createdAtMs: 5n }));
    expect(page(log, { createdBeforeMs: -1n }).ids).toEqual([jobId(1)]);
    expect(page(log, { createdAfterMs: -10n }).total).toBe(2);
  });

  it('ANDs the filters (20: test_list_jobs_combined_filters)', () => {
    const log = new Log();
    log.applyAll(
      register(1),
      submit(1, { command: 'echo pending' }),
      submit(2, { command: 'echo running' }),
      submit(3, { command: 'sleep pending' }),
      assign(2, 1),
    );
    expect(page(log, { statusFilter: JobStatus.PENDING, commandFilter: 'echo' }).ids).toEqual([jobId(1)]);
    expect(page(log, { statusFilter: JobStatus.RUNNING, commandFilter: 'echo', workerIdFilter: 1n, createdAfterMs: T0 }).ids).toEqual([
      jobId(2),
    ]);
  });

  it('pages a filtered set: 3, 3, 1 with the filtered total on each page (21: test_list_jobs_filter_with_pagination)', () => {
    const log = new Log();
    for (let n = 1; n <= 10; n++) log.apply(submit(n, { command: n <= 7 ? `echo ${n}` : `sleep ${n}` }));
    const first = page(log, { pageSize: 3, commandFilter: 'echo' });
    const second = page(log, { pageSize: 3, commandFilter: 'echo', pageToken: first.next });
    const third = page(log, { pageSize: 3, commandFilter: 'echo', pageToken: second.next });
    expect([first.ids.length, second.ids.length, third.ids.length]).toEqual([3, 3, 1]);
    expect([first.total, second.total, third.total]).toEqual([7, 7, 7]);
    expect([first.next, second.next, third.next]).toEqual(['3', '6', '']);
    expect([...first.ids, ...second.ids, ...third.ids]).toEqual([1, 2, 3, 4, 5, 6, 7].map(jobId));
  });

  it('answers a filter matching nothing with no jobs, total 0, empty token (22: test_list_jobs_filter_no_matches)', () => {
    const log = new Log();
    log.applyAll(submit(1), submit(2));
    expect(page(log, { statusFilter: JobStatus.COMPLETED })).toEqual({ ids: [], next: '', total: 0 });
  });
});

describe('ListJobs paging (REF §4.2)', () => {
  function table(count: number): Log {
    const log = new Log();
    for (let n = 1; n <= count; n++) log.apply(submit(n));
    return log;
  }

  it('uses 100 for page size 0 and at most 1000', () => {
    const log = table(1200);
    expect(page(log, {}).ids).toHaveLength(100);
    expect(page(log, { pageSize: 0 }).next).toBe('100');
    expect(page(log, { pageSize: 5000 }).ids).toHaveLength(1000);
    expect(page(log, { pageSize: 5000, pageToken: '1000' })).toMatchObject({ next: '', total: 1200 });
  });

  it('accepts a ListJobsRequest message as the query', () => {
    const log = table(3);
    const request = create(ListJobsRequestSchema, { pageSize: 2, pageToken: '1' });
    expect(page(log, request)).toEqual({ ids: [jobId(2), jobId(3)], next: '', total: 3 });
  });

  it('takes decimal offsets as tokens, "" for the first page', () => {
    const log = table(5);
    expect(page(log, { pageSize: 2, pageToken: '' }).ids).toEqual([jobId(1), jobId(2)]);
    expect(page(log, { pageSize: 2, pageToken: '3' }).ids).toEqual([jobId(4), jobId(5)]);
    expect(page(log, { pageSize: 2, pageToken: '+003' }).ids).toEqual([jobId(4), jobId(5)]);
  });

  it('returns no jobs and an empty token past the end', () => {
    const log = table(5);
    expect(page(log, { pageToken: '5' })).toEqual({ ids: [], next: '', total: 5 });
    expect(page(log, { pageToken: '18446744073709551615' })).toEqual({ ids: [], next: '', total: 5 });
  });

  it.each(['-1', 'abc', ' 1', '1.0', '0x10', '18446744073709551616', '+'])('refuses token %p', (pageToken) => {
    expect(table(1).table.list({ pageToken })).toEqual({ ok: false, error: 'Invalid page token' });
  });

  it('orders by created_at, then id, whatever the submit order', () => {
    const log = new Log();
    log.applyAll(submit(2, { createdAtMs: 7n }), submit(1, { createdAtMs: 7n }), submit(3, { createdAtMs: 1n }));
    expect(page(log, {}).ids).toEqual([jobId(3), jobId(1), jobId(2)]);
  });

  it('sees evictions and status changes in the next page', () => {
    const log = new Log();
    log.applyAll(register(1), submit(1), submit(2), submit(3), assign(1, 1), report(1, 1, 'completed'));
    log.apply(commands.evictJobs(T0 + 10n * HOUR));
    expect(page(log, {}).ids).toEqual([jobId(2), jobId(3)]);
  });
});

describe('StreamJobs', () => {
  it('streams every job, or those of one known status, in creation order', () => {
    const log = new Log();
    log.applyAll(register(1), submit(2, { createdAtMs: 9n }), submit(1, { createdAtMs: 3n }), assign(2, 1));
    expect(log.table.stream().map((j) => j.id)).toEqual([jobId(1), jobId(2)]);
    expect(log.table.stream(JobStatus.RUNNING).map((j) => j.id)).toEqual([jobId(2)]);
    expect(log.table.stream(77)).toHaveLength(2);
  });

  it('is a consistent snapshot: later applies do not change a stream already taken', () => {
    const log = new Log();
    log.applyAll(submit(1), submit(2));
    const taken = log.table.stream();
    log.apply(commands.cancelJob(jobId(1), T0));
    expect(taken.map((j) => j.status)).toEqual([JobStatus.PENDING, JobStatus.PENDING]);
  });
});
