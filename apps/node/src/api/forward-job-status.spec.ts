import { Code } from '@connectrpc/connect';
import { type Command, JobStatus } from '@sched/rpc/gen';
import type { ApplyResult } from '@sched/scheduler';
import { RaftFailure } from '../raft/errors';
import { expectStatus, useServedNodes } from './api-harness.test-util';
import type { FakeNode } from './fake-node.test-util';
import { seedJob } from './seed-jobs.test-util';

const serve = useServedNodes();
const PEERS = [{ id: 2, address: '127.0.0.1:50052' }];

function recordProposals(node: FakeNode): Command[] {
  const proposed: Command[] = [];
  node.proposeImpl = async (command): Promise<ApplyResult> => (proposed.push(command), node.apply(command));
  return proposed;
}

describe('InternalService.ForwardJobStatus', () => {
  it('an empty list is OK at once, even on a follower', async () => {
    const { node, internal } = await serve();
    node.becomeFollower(0);
    const proposed = recordProposals(node);
    await expect(internal.forwardJobStatus({ updates: [] })).resolves.toBeDefined();
    expect(proposed).toEqual([]);
  });

  it('one update → one UpdateJobStatus in the internal lane, applied before the answer', async () => {
    const { node, internal } = await serve();
    const job = seedJob(node, { status: JobStatus.RUNNING, worker: 2 });
    const proposed = recordProposals(node);
    await internal.forwardJobStatus({
      updates: [{ jobId: job.id.toUpperCase(), status: JobStatus.COMPLETED, executedBy: 2n, exitCode: 0, completedAtMs: 77n, attempt: 1 }],
    });
    expect(proposed.map((c) => c.commandType.case)).toEqual(['updateJobStatus']);
    expect(node.lanes.at(-1)).toBe('internal'); // a flood of submits does not refuse it
    expect(node.table().get(job.id)).toMatchObject({ status: JobStatus.COMPLETED, executedBy: 2n, exitCode: 0, completedAtMs: 77n });
  });

  it('several updates → one BatchUpdateJobStatus; a repeated or stale result is still OK (fencing makes retries safe)', async () => {
    const { node, internal } = await serve();
    const a = seedJob(node, { status: JobStatus.RUNNING, worker: 2 });
    const b = seedJob(node, { status: JobStatus.RUNNING, worker: 2 });
    const proposed = recordProposals(node);
    const updates = [
      { jobId: a.id, status: JobStatus.COMPLETED, executedBy: 2n, attempt: 1 },
      { jobId: b.id, status: JobStatus.FAILED, executedBy: 2n, exitCode: 1, attempt: 1 },
    ];
    await internal.forwardJobStatus({ updates });
    await internal.forwardJobStatus({ updates });
    await internal.forwardJobStatus({ updates: [{ ...updates[0], attempt: 7 }] as typeof updates });
    expect(proposed.map((c) => c.commandType.case)).toEqual(['batchUpdateJobStatus', 'batchUpdateJobStatus', 'updateJobStatus']);
    expect([node.table().get(a.id)?.status, node.table().get(b.id)?.status]).toEqual([JobStatus.COMPLETED, JobStatus.FAILED]);
  });

  it('invalid updates → INVALID_ARGUMENT naming each, nothing proposed', async () => {
    const { node, internal } = await serve();
    const proposed = recordProposals(node);
    const job = seedJob(node, { status: JobStatus.RUNNING });
    await expectStatus(
      internal.forwardJobStatus({
        updates: [
          { jobId: job.id, status: JobStatus.COMPLETED, executedBy: 1n, attempt: 1 },
          { jobId: 'nope', status: JobStatus.PENDING, executedBy: 0n, attempt: 0 },
          { jobId: job.id, status: JobStatus.RUNNING, executedBy: 1n, attempt: 1 },
        ],
      }),
      Code.InvalidArgument,
      'Invalid status updates: updates[1]: job_id "nope" is not a UUID, status must be COMPLETED or FAILED, got 1, ' +
        'executed_by must be a node id, attempt must be > 0; updates[2]: status must be COMPLETED or FAILED, got 2',
    );
    expect(proposed).toEqual([]);
    const many = Array.from({ length: 12 }, () => ({ jobId: job.id, status: JobStatus.COMPLETED, executedBy: 1n, attempt: 0 }));
    const error = await expectStatus(internal.forwardJobStatus({ updates: many }), Code.InvalidArgument);
    expect(error.rawMessage).toMatch(/updates\[9\]: attempt must be > 0; and 2 more$/);
  });

  it('a follower answers with the not-leader error (the worker retries on the leader)', async () => {
    const { node, internal } = await serve({ peers: PEERS });
    const job = seedJob(node, { status: JobStatus.RUNNING });
    node.becomeFollower(2);
    await expectStatus(
      internal.forwardJobStatus({ updates: [{ jobId: job.id, status: JobStatus.COMPLETED, executedBy: 1n, attempt: 1 }] }),
      Code.FailedPrecondition,
      'Not the leader. Try 127.0.0.1:50052',
    );
    expect(node.table().get(job.id)?.status).toBe(JobStatus.RUNNING);
  });

  it('a proposal that does not commit fails the call, so the worker retries', async () => {
    const { node, internal } = await serve();
    const job = seedJob(node, { status: JobStatus.RUNNING });
    node.proposeImpl = () => Promise.reject(new RaftFailure('leadership-lost', 'lost'));
    await expectStatus(internal.forwardJobStatus({ updates: [{ jobId: job.id, status: JobStatus.COMPLETED, executedBy: 1n, attempt: 1 }] }), Code.Unavailable);
    node.proposeImpl = () => Promise.reject(new RaftFailure('deadline', 'Raft did not commit the entry in time'));
    await expectStatus(
      internal.forwardJobStatus({ updates: [{ jobId: job.id, status: JobStatus.COMPLETED, executedBy: 1n, attempt: 1 }] }),
      Code.DeadlineExceeded,
      'Raft did not commit the entry in time',
    );
  });
});
