import { randomUUID } from 'node:crypto';
import { Code } from '@connectrpc/connect';
import { JobStatus } from '@sched/rpc/gen';
import { commands } from '@sched/scheduler';
import { RaftFailure } from '../raft/errors';
import { expectStatus, useServedNodes } from './api-harness.test-util';
import { FAKE_CLOCK_MS } from './fake-node.test-util';
import { REMOTE_OUTPUT_TIMEOUT_MS } from './get-job-status';
import { TRUNCATION_MARKER } from './output-text';
import { seedJob } from './seed-jobs.test-util';

const serve = useServedNodes();
const text = (s: string) => new TextEncoder().encode(s);

describe('GetJobStatus errors', () => {
  it('not a UUID → INVALID_ARGUMENT `Invalid job ID`', async () => {
    const { scheduler } = await serve();
    await expectStatus(scheduler.getJobStatus({ jobId: 'nope' }), Code.InvalidArgument, 'Invalid job ID');
  });

  it('unknown on this node → NOT_FOUND `Job not found` (also on a follower: reads are local)', async () => {
    const { node, scheduler } = await serve();
    node.becomeFollower(2);
    await expectStatus(scheduler.getJobStatus({ jobId: '3f2b1c4d-0000-4000-8000-000000000001' }), Code.NotFound, 'Job not found');
  });
});

describe('GetJobStatus metadata and output', () => {
  it('a pending job: zeros for workers, no exit code or completion', async () => {
    const { node, scheduler } = await serve();
    const job = seedJob(node);
    const answer = await scheduler.getJobStatus({ jobId: job.id });
    expect(answer).toMatchObject({ jobId: job.id, status: JobStatus.PENDING, output: '', error: '', assignedWorker: 0n, executedBy: 0n, createdAtMs: BigInt(FAKE_CLOCK_MS) });
    expect(answer.exitCode).toBeUndefined();
    expect(answer.completedAtMs).toBeUndefined();
  });

  it('a job executed here: output and error from the local store, with a marker when truncated', async () => {
    const { node, scheduler } = await serve();
    const job = seedJob(node, { status: JobStatus.COMPLETED, exitCode: 0 });
    node.output.append(job.id, 1, 'stdout', text('hello\n'));
    node.output.append(job.id, 1, 'stderr', text('warn\n'));
    const answer = await scheduler.getJobStatus({ jobId: job.id });
    expect(answer).toMatchObject({ output: 'hello\n', error: 'warn\n', assignedWorker: 1n, executedBy: 1n, exitCode: 0, completedAtMs: BigInt(FAKE_CLOCK_MS + 10) });

    const big = seedJob(node, { status: JobStatus.FAILED, exitCode: 1 });
    node.output.append(big.id, 1, 'stdout', new Uint8Array(2 * 1024 * 1024).fill(0x61));
    const truncated = await scheduler.getJobStatus({ jobId: big.id });
    expect(truncated.output.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(truncated.output.length).toBe(1024 * 1024 + TRUNCATION_MARKER.length);
  });

  it('a finished job executed on another node: output from that node\'s GetJobOutput', async () => {
    const executor = await serve({ id: 2 });
    const here = await serve({ id: 1, peers: [{ id: 2, address: executor.address }] });
    const job = seedJob([here.node, executor.node], { status: JobStatus.COMPLETED, worker: 2 });
    executor.node.output.append(job.id, 1, 'stdout', text('remote out'));
    executor.node.output.append(job.id, 1, 'stderr', text('remote err'));
    await expect(here.scheduler.getJobStatus({ jobId: job.id })).resolves.toMatchObject({ output: 'remote out', error: 'remote err', executedBy: 2n });
  });

  it('an executor that has not yet applied the result is asked again until it has', async () => {
    const executor = await serve({ id: 2 });
    const here = await serve({ id: 1, peers: [{ id: 2, address: executor.address }] });
    const job = seedJob([here.node, executor.node], { status: JobStatus.RUNNING, worker: 2 });
    const result = commands.updateJobStatus({ jobId: job.id, status: JobStatus.COMPLETED, executedBy: 2n, attempt: 1, completedAtMs: 5n, exitCode: 0 });
    here.node.apply(result);
    executor.node.output.append(job.id, 1, 'stdout', text('caught up'));
    const answer = here.scheduler.getJobStatus({ jobId: job.id });
    await new Promise((resolve) => setTimeout(resolve, 200));
    executor.node.apply(result);
    await expect(answer).resolves.toMatchObject({ status: JobStatus.COMPLETED, output: 'caught up', executedBy: 2n });
  });

  it('an executor that never applies the result: empty strings once the 2 s deadline has passed', async () => {
    const executor = await serve({ id: 2 });
    const here = await serve({ id: 1, peers: [{ id: 2, address: executor.address }] });
    const job = seedJob([here.node, executor.node], { status: JobStatus.RUNNING, worker: 2 });
    here.node.apply(commands.updateJobStatus({ jobId: job.id, status: JobStatus.COMPLETED, executedBy: 2n, attempt: 1, completedAtMs: 5n, exitCode: 0 }));
    const started = performance.now();
    await expect(here.scheduler.getJobStatus({ jobId: job.id })).resolves.toMatchObject({ status: JobStatus.COMPLETED, output: '', error: '' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(REMOTE_OUTPUT_TIMEOUT_MS - 50);
  });

  it('any failure fetching remote output gives empty strings', async () => {
    const here = await serve({ id: 1, peers: [{ id: 2, address: '127.0.0.1:1' }] });
    const unreachable = seedJob(here.node, { status: JobStatus.COMPLETED, worker: 2 });
    await expect(here.scheduler.getJobStatus({ jobId: unreachable.id })).resolves.toMatchObject({ output: '', error: '', status: JobStatus.COMPLETED });
    const unlisted = seedJob(here.node, { status: JobStatus.FAILED, worker: 7 });
    await expect(here.scheduler.getJobStatus({ jobId: unlisted.id })).resolves.toMatchObject({ output: '', error: '' });
  });

  it('a job running elsewhere carries no output (no remote call)', async () => {
    const here = await serve({ id: 1, peers: [{ id: 2, address: '127.0.0.1:1' }] });
    const job = seedJob(here.node, { status: JobStatus.RUNNING, worker: 2 });
    await expect(here.scheduler.getJobStatus({ jobId: job.id })).resolves.toMatchObject({ status: JobStatus.RUNNING, assignedWorker: 2n, executedBy: 0n, output: '' });
  });

  it('a job the state machine failed shows why as its error', async () => {
    const { node, scheduler } = await serve();
    const job = seedJob(node, { status: JobStatus.RUNNING, worker: 2 });
    for (let attempt = 1; attempt <= 3; attempt++) {
      node.apply(commands.workerLost(2n, BigInt(FAKE_CLOCK_MS + attempt)));
      if (attempt < 3) {
        node.apply(commands.registerWorker(2n, 1000, ['exec']));
        node.apply(commands.assignJob({ jobId: job.id, workerId: 2n, attempt: attempt + 1 }));
      }
    }
    const answer = await scheduler.getJobStatus({ jobId: job.id });
    expect(answer.status).toBe(JobStatus.FAILED);
    expect(answer.error).toBe('worker 2 lost (attempt 3 of 3; no attempts left)');
  });
});

describe('GetJobStatus consistent read', () => {
  it('waits for the read index before reading the local table', async () => {
    const { node, scheduler } = await serve();
    const jobId = randomUUID();
    node.readIndexImpl = async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      node.apply(commands.submitJob({ jobId, command: 'ls', createdAtMs: 1n })); // committed before the read index
    };
    await expectStatus(scheduler.getJobStatus({ jobId }), Code.NotFound, 'Job not found');
    await expect(scheduler.getJobStatus({ jobId, consistent: true })).resolves.toMatchObject({ jobId, createdAtMs: 1n });
  });

  it.each([
    ['not-leader', Code.FailedPrecondition, 'Not the leader. Leader unknown, retry later'],
    ['deadline', Code.DeadlineExceeded, 'Raft did not confirm the read in time'],
    ['stopped', Code.Unavailable, 'Raft loop is not running'],
  ] as const)('a %s failure of the read index → its status', async (kind, code, message) => {
    const { node, scheduler } = await serve();
    const job = seedJob(node);
    node.becomeFollower(0);
    node.readIndexImpl = () => Promise.reject(new RaftFailure(kind, 'Raft did not confirm the read in time'));
    await expectStatus(scheduler.getJobStatus({ jobId: job.id, consistent: true }), code, message);
  });
});
