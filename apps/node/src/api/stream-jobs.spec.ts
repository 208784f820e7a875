import { Code } from '@connectrpc/connect';
import { type JobInfo, JobStatus } from '@sched/rpc/gen';
import { RaftFailure } from '../raft/errors';
import { expectStatus, useServedNodes } from './api-harness.test-util';
import { FAKE_CLOCK_MS } from './fake-node.test-util';
import { seedJob } from './seed-jobs.test-util';

const serve = useServedNodes();

async function collect(stream: AsyncIterable<JobInfo>): Promise<JobInfo[]> {
  const jobs: JobInfo[] = [];
  for await (const job of stream) jobs.push(job);
  return jobs;
}

describe('StreamJobs', () => {
  it('streams every job in creation order, then ends', async () => {
    const { node, scheduler } = await serve();
    const later = seedJob(node, { command: 'later', createdAtMs: FAKE_CLOCK_MS + 5 });
    const earlier = seedJob(node, { command: 'earlier', createdAtMs: FAKE_CLOCK_MS, status: JobStatus.COMPLETED });
    const jobs = await collect(scheduler.streamJobs({}));
    expect(jobs.map((j) => j.jobId)).toEqual([earlier.id, later.id]);
    expect(jobs[0]).toMatchObject({ command: 'earlier', status: JobStatus.COMPLETED, assignedWorker: 1n, completedAtMs: BigInt(FAKE_CLOCK_MS + 10) });
  });

  it('filters by a known status; 0 or an unknown number streams all', async () => {
    const { node, scheduler } = await serve();
    seedJob(node);
    const running = seedJob(node, { status: JobStatus.RUNNING });
    expect((await collect(scheduler.streamJobs({ statusFilter: JobStatus.RUNNING }))).map((j) => j.jobId)).toEqual([running.id]);
    expect(await collect(scheduler.streamJobs({ statusFilter: 42 as JobStatus }))).toHaveLength(2);
  });

  it('an empty table gives an empty stream; `consistent` failures end the stream with their status', async () => {
    const { node, scheduler } = await serve();
    expect(await collect(scheduler.streamJobs({}))).toEqual([]);
    node.readIndexImpl = () => Promise.reject(new RaftFailure('stopped', 'stopped'));
    await expectStatus(collect(scheduler.streamJobs({ consistent: true })), Code.Unavailable, 'Raft loop is not running');
  });
});
