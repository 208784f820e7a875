import { Code } from '@connectrpc/connect';
import { JobStatus } from '@sched/rpc/gen';
import { RaftFailure } from '../raft/errors';
import { expectStatus, useServedNodes } from './api-harness.test-util';
import { FAKE_CLOCK_MS } from './fake-node.test-util';
import { LEADERSHIP_LOST_TEXT } from './raft-failure-status';
import { seedJob } from './seed-jobs.test-util';

const serve = useServedNodes();
const PEERS = [{ id: 2, address: '127.0.0.1:50052' }];

describe('CancelJob success (answers after commit and apply)', () => {
  it('cancels a pending job: `job <uuid> cancelled`, Cancelled with the leader time', async () => {
    const { node, scheduler } = await serve();
    const job = seedJob(node);
    node.clock += 42;
    await expect(scheduler.cancelJob({ jobId: job.id })).resolves.toMatchObject({ success: true, message: `job ${job.id} cancelled` });
    expect(node.table().get(job.id)).toMatchObject({ status: JobStatus.CANCELLED, completedAtMs: BigInt(FAKE_CLOCK_MS + 42) });
  });

  it('cancels a running job, accepts any UUID form and answers with the canonical id; draining does not block it', async () => {
    const { node, scheduler } = await serve();
    const job = seedJob(node, { status: JobStatus.RUNNING });
    node.setDraining(true);
    const answer = await scheduler.cancelJob({ jobId: job.id.toUpperCase() });
    expect(answer.message).toBe(`job ${job.id} cancelled`);
    expect(node.table().get(job.id)?.status).toBe(JobStatus.CANCELLED);
  });
});

describe('CancelJob errors, in REF §4.2 check order', () => {
  it('not a UUID → INVALID_ARGUMENT `invalid job_id` (before leadership)', async () => {
    const { node, scheduler } = await serve({ peers: PEERS });
    node.becomeFollower(2);
    await expectStatus(scheduler.cancelJob({ jobId: 'not-a-uuid' }), Code.InvalidArgument, 'invalid job_id');
  });

  it('not leader → FAILED_PRECONDITION with the leader hint', async () => {
    const { node, scheduler } = await serve({ peers: PEERS });
    const job = seedJob(node);
    node.becomeFollower(2);
    await expectStatus(scheduler.cancelJob({ jobId: job.id }), Code.FailedPrecondition, 'Not the leader. Try 127.0.0.1:50052');
  });

  it('unknown on the leader → NOT_FOUND `job not found`', async () => {
    const { scheduler } = await serve();
    await expectStatus(scheduler.cancelJob({ jobId: '3f2b1c4d-0000-4000-8000-000000000001' }), Code.NotFound, 'job not found');
  });

  it.each([
    [JobStatus.COMPLETED, 'job is already completed'],
    [JobStatus.FAILED, 'job is already failed'],
    [JobStatus.CANCELLED, 'job is already cancelled'],
  ])('a finished job (status %s) → FAILED_PRECONDITION %s, without a proposal', async (status, message) => {
    const { node, scheduler } = await serve();
    const job = seedJob(node, { status });
    const before = node.log.length;
    await expectStatus(scheduler.cancelJob({ jobId: job.id }), Code.FailedPrecondition, message);
    expect(node.log.length).toBe(before);
  });

  it('a job that finished between the check and the apply → FAILED_PRECONDITION from the no-op', async () => {
    const { node, scheduler } = await serve();
    const job = seedJob(node);
    node.proposeImpl = async (command) => {
      node.apply(command); // another cancel won the race
      return node.apply(command);
    };
    await expectStatus(scheduler.cancelJob({ jobId: job.id }), Code.FailedPrecondition, 'job is already cancelled');
  });

  it.each([
    ['queue-full', Code.ResourceExhausted, 'proposal queue full'],
    ['deadline', Code.DeadlineExceeded, 'timed out waiting for Raft commit'],
    ['stopped', Code.Unavailable, 'Raft loop is not running'],
    ['leadership-lost', Code.Unavailable, LEADERSHIP_LOST_TEXT],
    ['not-leader', Code.FailedPrecondition, 'Not the leader. Try 127.0.0.1:50052'],
  ] as const)('a %s failure → its status', async (kind, code, message) => {
    const { node, scheduler } = await serve({ peers: PEERS });
    const job = seedJob(node);
    node.proposeImpl = () => Promise.reject(new RaftFailure(kind, 'raft says no', 2));
    await expectStatus(scheduler.cancelJob({ jobId: job.id }), code, message);
    expect(node.table().get(job.id)?.status).toBe(JobStatus.PENDING);
  });
});
