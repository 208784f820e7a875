import { Code } from '@connectrpc/connect';
import { LEADER_ADDR_HEADER, LEADER_ID_HEADER } from '@sched/rpc';
import { JobStatus } from '@sched/rpc/gen';
import { RaftFailure } from '../raft/errors';
import { expectStatus, useServedNodes } from './api-harness.test-util';
import { FAKE_CLOCK_MS } from './fake-node.test-util';
import { LEADERSHIP_LOST_TEXT } from './raft-failure-status';
import { seedJob } from './seed-jobs.test-util';
import { DRAINING_TEXT } from './submit-job';

const serve = useServedNodes();
const PEERS = [
  { id: 2, address: '127.0.0.1:50052' },
  { id: 3, address: '127.0.0.1:50053' },
];

describe('SubmitJob success (answers after commit and apply)', () => {
  it('returns the new job id and the leader time, with the job Pending in the table (proposed in the client lane)', async () => {
    const { node, scheduler } = await serve();
    const answer = await scheduler.submitJob({ command: 'echo hello' });
    expect(node.lanes).toEqual(['client']);
    expect(answer.jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(answer.createdAtMs).toBe(BigInt(FAKE_CLOCK_MS));
    const job = node.table().get(answer.jobId);
    expect(job).toMatchObject({ command: 'echo hello', status: JobStatus.PENDING, maxAttempts: 3, image: undefined, timeoutMs: undefined });
  });

  it('accepts a command of exactly 1024 bytes and stores it untrimmed', async () => {
    const { node, scheduler } = await serve();
    const command = ` ${'x'.repeat(1022)} `;
    const { jobId } = await scheduler.submitJob({ command });
    expect(node.table().get(jobId)?.command).toBe(command);
  });

  it('stores a valid image, max_attempts and timeout_ms; an empty image counts as none', async () => {
    const { node, scheduler } = await serve();
    const withAll = await scheduler.submitJob({ command: 'ls', image: 'alpine:3.20', maxAttempts: 5, timeoutMs: 1000 });
    expect(node.table().get(withAll.jobId)).toMatchObject({ image: 'alpine:3.20', maxAttempts: 5, timeoutMs: 1000 });
    const noImage = await scheduler.submitJob({ command: 'ls', image: '' });
    expect(node.table().get(noImage.jobId)?.image).toBeUndefined();
  });
});

describe('SubmitJob errors, in REF §4.2 check order', () => {
  it('a draining node refuses first (even an empty command)', async () => {
    const { node, scheduler } = await serve();
    node.setDraining(true);
    await expectStatus(scheduler.submitJob({ command: '' }), Code.Unavailable, DRAINING_TEXT);
  });

  it.each([
    ['an empty', '', 'Command cannot be empty'],
    ['an all-whitespace', ' \t\n\u00a0', 'Command cannot be empty'],
    ['a 1025-byte', 'x'.repeat(1025), 'Command exceeds maximum allowed length'],
    ['a 1026-byte UTF-8', 'é'.repeat(513), 'Command exceeds maximum allowed length'],
  ])('%s command → INVALID_ARGUMENT (checked before leadership)', async (_what, command, message) => {
    const { node, scheduler } = await serve({ peers: PEERS });
    node.becomeFollower(2);
    await expectStatus(scheduler.submitJob({ command }), Code.InvalidArgument, message);
  });

  it.each([
    ['image -v', { image: '-v' }, "Invalid image: '-v' is not a valid Docker image reference (e.g. alpine:latest)"],
    ['image --privileged', { image: '--privileged' }, "Invalid image: '--privileged' is not a valid Docker image reference (e.g. alpine:latest)"],
    ['empty key', { idempotencyKey: '' }, 'Idempotency key cannot be empty'],
    ['129-byte key', { idempotencyKey: 'k'.repeat(129) }, 'Idempotency key exceeds 128 bytes'],
    ['max_attempts 0', { maxAttempts: 0 }, 'max_attempts must be between 1 and 100, got 0'],
    ['max_attempts 101', { maxAttempts: 101 }, 'max_attempts must be between 1 and 100, got 101'],
    ['timeout_ms 0', { timeoutMs: 0 }, 'timeout_ms must be between 1 and 86400000, got 0'],
    ['timeout_ms 86,400,001', { timeoutMs: 86_400_001 }, 'timeout_ms must be between 1 and 86400000, got 86400001'],
  ])('%s → INVALID_ARGUMENT', async (_what, fields, message) => {
    const { scheduler } = await serve();
    await expectStatus(scheduler.submitJob({ command: 'ls', ...fields }), Code.InvalidArgument, message);
  });

  it('not leader, leader known → FAILED_PRECONDITION `Not the leader. Try <addr>` with the leader trailers', async () => {
    const { node, scheduler } = await serve({ peers: PEERS });
    node.becomeFollower(3);
    const error = await expectStatus(scheduler.submitJob({ command: 'ls' }), Code.FailedPrecondition, 'Not the leader. Try 127.0.0.1:50053');
    expect(error.metadata.get(LEADER_ID_HEADER)).toBe('3');
    expect(error.metadata.get(LEADER_ADDR_HEADER)).toBe('127.0.0.1:50053');
  });

  it('not leader, leader unknown → `Not the leader. Leader unknown, retry later`', async () => {
    const { node, scheduler } = await serve({ peers: PEERS });
    node.becomeFollower(0);
    await expectStatus(scheduler.submitJob({ command: 'ls' }), Code.FailedPrecondition, 'Not the leader. Leader unknown, retry later');
  });

  it('not leader, leader id not in --peers → `Not the leader. Try unknown address`', async () => {
    const { node, scheduler } = await serve({ peers: PEERS });
    node.becomeFollower(9);
    const error = await expectStatus(scheduler.submitJob({ command: 'ls' }), Code.FailedPrecondition, 'Not the leader. Try unknown address');
    expect(error.metadata.get(LEADER_ID_HEADER)).toBe('9');
  });

  it('not leader is checked before capacity', async () => {
    const { node, scheduler } = await serve({ peers: PEERS, capacity: 1 });
    seedJob(node);
    node.becomeFollower(2);
    await expectStatus(scheduler.submitJob({ command: 'ls' }), Code.FailedPrecondition, 'Not the leader. Try 127.0.0.1:50052');
  });

  it('active jobs at capacity → RESOURCE_EXHAUSTED `Job queue is at capacity`, without a proposal', async () => {
    const { node, scheduler } = await serve({ capacity: 2 });
    seedJob(node);
    seedJob(node);
    const before = node.log.length;
    await expectStatus(scheduler.submitJob({ command: 'ls' }), Code.ResourceExhausted, 'Job queue is at capacity');
    expect(node.log.length).toBe(before);
  });

  it('finished jobs do not count toward capacity', async () => {
    const { node, scheduler } = await serve({ capacity: 1 });
    seedJob(node, { status: JobStatus.COMPLETED });
    await expect(scheduler.submitJob({ command: 'ls' })).resolves.toBeDefined();
  });

  it('submits proposed but not yet applied count toward capacity', async () => {
    const { node, scheduler } = await serve({ capacity: 1 });
    const proposed: (() => void)[] = [];
    node.proposeImpl = (command) => new Promise((resolve) => proposed.push(() => resolve(node.apply(command))));
    const first = scheduler.submitJob({ command: 'first' });
    await waitFor(() => proposed.length === 1);
    await expectStatus(scheduler.submitJob({ command: 'second' }), Code.ResourceExhausted, 'Job queue is at capacity');
    proposed[0]?.();
    await expect(first).resolves.toBeDefined();
  });

  it('a submit that lands on a full table at apply → RESOURCE_EXHAUSTED `Job queue is at capacity`', async () => {
    const { node, scheduler } = await serve({ capacity: 1 });
    node.proposeImpl = async (command) => {
      seedJob(node); // another submit committed first
      return node.apply(command);
    };
    await expectStatus(scheduler.submitJob({ command: 'ls' }), Code.ResourceExhausted, 'Job queue is at capacity');
  });
});

describe('SubmitJob proposal failures', () => {
  it.each([
    ['queue-full', Code.ResourceExhausted, 'Server is overloaded; retry with backoff'],
    ['deadline', Code.DeadlineExceeded, 'Raft did not commit the entry in time'],
    ['stopped', Code.Unavailable, 'Raft loop is not running'],
    ['leadership-lost', Code.Unavailable, LEADERSHIP_LOST_TEXT],
    ['not-leader', Code.FailedPrecondition, 'Not the leader. Try 127.0.0.1:50052'],
  ] as const)('a %s failure → its status', async (kind, code, message) => {
    const { node, scheduler } = await serve({ peers: PEERS });
    node.proposeImpl = () => Promise.reject(new RaftFailure(kind, 'raft says no', 2));
    await expectStatus(scheduler.submitJob({ command: 'ls' }), code, message);
  });

  it('an unexpected error → INTERNAL', async () => {
    const { node, scheduler } = await serve();
    node.proposeImpl = () => Promise.reject(new Error('disk on fire'));
    await expectStatus(scheduler.submitJob({ command: 'ls' }), Code.Internal, 'Internal error: Error: disk on fire');
  });
});

describe('SubmitJob idempotency key', () => {
  it('a retried submit with the same key returns the original id and created_at, creating nothing', async () => {
    const { node, scheduler } = await serve();
    const first = await scheduler.submitJob({ command: 'ls', idempotencyKey: 'k-1' });
    node.clock += 5000;
    const again = await scheduler.submitJob({ command: 'something else', idempotencyKey: 'k-1' });
    expect(again).toMatchObject({ jobId: first.jobId, createdAtMs: first.createdAtMs });
    expect(node.table().size).toBe(1);
    const other = await scheduler.submitJob({ command: 'ls', idempotencyKey: 'k-2' });
    expect(other.jobId).not.toBe(first.jobId);
  });

  it('a retry succeeds even at capacity, and with a key of exactly 128 bytes', async () => {
    const { node, scheduler } = await serve({ capacity: 1 });
    const key = 'k'.repeat(128);
    const first = await scheduler.submitJob({ command: 'ls', idempotencyKey: key });
    expect(node.table().hasCapacity()).toBe(false);
    await expect(scheduler.submitJob({ command: 'ls', idempotencyKey: key })).resolves.toMatchObject({ jobId: first.jobId });
  });

  it('concurrent submits with one key get one job (deduplicated by the state machine)', async () => {
    const { node, scheduler } = await serve();
    const proposed: (() => void)[] = [];
    node.proposeImpl = (command) => new Promise((resolve) => proposed.push(() => resolve(node.apply(command))));
    const calls = [scheduler.submitJob({ command: 'ls', idempotencyKey: 'same' }), scheduler.submitJob({ command: 'ls', idempotencyKey: 'same' })];
    await waitFor(() => proposed.length === 2);
    for (const apply of proposed) apply();
    const [a, b] = await Promise.all(calls);
    expect(b?.jobId).toBe(a?.jobId);
    expect(node.table().size).toBe(1);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}
