import { Code } from '@connectrpc/connect';
import { JobStatus } from '@sched/rpc/gen';
import { RaftFailure } from '../raft/errors';
import { expectStatus, useServedNodes } from './api-harness.test-util';
import { FAKE_CLOCK_MS } from './fake-node.test-util';
import { seedJob } from './seed-jobs.test-util';

const serve = useServedNodes();
const HOUR = 3_600_000;

/** REF §11.1 items 16–22, through a real server on a node that leads. */
describe('ListJobs filters (REF §11.1 16–22)', () => {
  it('16: status filter', async () => {
    const { node, scheduler } = await serve();
    const pending = seedJob(node, { command: 'echo pending' });
    const completed = seedJob(node, { command: 'echo done', status: JobStatus.COMPLETED });
    seedJob(node, { status: JobStatus.RUNNING });
    const pendingPage = await scheduler.listJobs({ statusFilter: JobStatus.PENDING });
    expect(pendingPage.jobs.map((j) => j.jobId)).toEqual([pending.id]);
    expect(pendingPage.totalCount).toBe(1);
    const completedPage = await scheduler.listJobs({ statusFilter: JobStatus.COMPLETED });
    expect(completedPage.jobs.map((j) => j.jobId)).toEqual([completed.id]);
    expect(completedPage.jobs[0]).toMatchObject({ command: 'echo done', status: JobStatus.COMPLETED, assignedWorker: 1n, completedAtMs: BigInt(FAKE_CLOCK_MS + 10) });
  });

  it('17: worker filter matches assigned or executed by', async () => {
    const { node, scheduler } = await serve();
    seedJob(node, { status: JobStatus.RUNNING, worker: 1 });
    seedJob(node, { status: JobStatus.COMPLETED, worker: 1 });
    seedJob(node, { status: JobStatus.RUNNING, worker: 2 });
    seedJob(node);
    expect((await scheduler.listJobs({ workerIdFilter: 1n })).totalCount).toBe(2);
    expect((await scheduler.listJobs({ workerIdFilter: 2n })).totalCount).toBe(1);
  });

  it('18: command filter is a case-insensitive substring', async () => {
    const { node, scheduler } = await serve();
    seedJob(node, { command: 'echo hello world', createdAtMs: FAKE_CLOCK_MS });
    seedJob(node, { command: 'ECHO uppercase', createdAtMs: FAKE_CLOCK_MS + 1 });
    seedJob(node, { command: 'ls -la', createdAtMs: FAKE_CLOCK_MS + 2 });
    expect((await scheduler.listJobs({ commandFilter: 'echo' })).jobs.map((j) => j.command)).toEqual(['echo hello world', 'ECHO uppercase']);
    expect((await scheduler.listJobs({ commandFilter: 'python' })).totalCount).toBe(0);
  });

  it('19: time range filter (inclusive bounds)', async () => {
    const { node, scheduler } = await serve();
    seedJob(node, { command: 'old', createdAtMs: FAKE_CLOCK_MS - 3 * HOUR });
    seedJob(node, { command: 'middle', createdAtMs: FAKE_CLOCK_MS - HOUR });
    seedJob(node, { command: 'new', createdAtMs: FAKE_CLOCK_MS });
    const page = await scheduler.listJobs({ createdAfterMs: BigInt(FAKE_CLOCK_MS - 2 * HOUR), createdBeforeMs: BigInt(FAKE_CLOCK_MS - HOUR / 2) });
    expect(page.jobs.map((j) => j.command)).toEqual(['middle']);
    const exact = await scheduler.listJobs({ createdAfterMs: BigInt(FAKE_CLOCK_MS - HOUR), createdBeforeMs: BigInt(FAKE_CLOCK_MS - HOUR) });
    expect(exact.jobs.map((j) => j.command)).toEqual(['middle']);
  });

  it('20: combined filters', async () => {
    const { node, scheduler } = await serve();
    seedJob(node, { command: 'echo pending' });
    seedJob(node, { command: 'echo done', status: JobStatus.COMPLETED });
    seedJob(node, { command: 'ls pending' });
    const page = await scheduler.listJobs({ statusFilter: JobStatus.PENDING, commandFilter: 'echo' });
    expect(page.jobs.map((j) => j.command)).toEqual(['echo pending']);
    expect(page.totalCount).toBe(1);
  });

  it('21: filter with pagination', async () => {
    const { node, scheduler } = await serve();
    for (let i = 0; i < 10; i++) seedJob(node, { command: i < 7 ? `echo ${i}` : `sleep ${i}`, createdAtMs: FAKE_CLOCK_MS + i });
    const pages: { commands: string[]; total: number; token: string }[] = [];
    let pageToken = '';
    do {
      const page = await scheduler.listJobs({ pageSize: 3, commandFilter: 'echo', pageToken });
      pages.push({ commands: page.jobs.map((j) => j.command), total: page.totalCount, token: page.nextPageToken });
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    expect(pages).toEqual([
      { commands: ['echo 0', 'echo 1', 'echo 2'], total: 7, token: '3' },
      { commands: ['echo 3', 'echo 4', 'echo 5'], total: 7, token: '6' },
      { commands: ['echo 6'], total: 7, token: '' },
    ]);
  });

  it('22: a filter with no matches', async () => {
    const { node, scheduler } = await serve();
    seedJob(node);
    await expect(scheduler.listJobs({ statusFilter: JobStatus.COMPLETED })).resolves.toMatchObject({ jobs: [], totalCount: 0, nextPageToken: '' });
  });
});

describe('ListJobs paging rules (REF §4.2)', () => {
  it('page size 0 → 100, above 1000 → 1000; an offset past the end → no jobs, empty token', async () => {
    const { node, scheduler } = await serve();
    for (let i = 0; i < 1001; i++) seedJob(node, { createdAtMs: FAKE_CLOCK_MS + i });
    const first = await scheduler.listJobs({});
    expect({ count: first.jobs.length, token: first.nextPageToken, total: first.totalCount }).toEqual({ count: 100, token: '100', total: 1001 });
    const big = await scheduler.listJobs({ pageSize: 5000 });
    expect({ count: big.jobs.length, token: big.nextPageToken }).toEqual({ count: 1000, token: '1000' });
    await expect(scheduler.listJobs({ pageToken: '5000' })).resolves.toMatchObject({ jobs: [], nextPageToken: '', totalCount: 1001 });
  });

  it.each(['abc', '-1', '1.5', ' 1'])('page token %j → INVALID_ARGUMENT `Invalid page token`', async (pageToken) => {
    const { scheduler } = await serve();
    await expectStatus(scheduler.listJobs({ pageToken }), Code.InvalidArgument, 'Invalid page token');
  });

  it('served by a follower from its local table; `consistent` waits for the read index or fails like it', async () => {
    const { node, scheduler } = await serve();
    seedJob(node);
    node.becomeFollower(2);
    expect((await scheduler.listJobs({})).totalCount).toBe(1);
    node.readIndexImpl = () => Promise.reject(new RaftFailure('leadership-lost', 'lost'));
    await expectStatus(scheduler.listJobs({ consistent: true }), Code.Unavailable);
  });
});
