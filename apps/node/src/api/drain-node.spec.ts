import { Code } from '@connectrpc/connect';
import { Role } from '@sched/raft';
import { JobStatus } from '@sched/rpc/gen';
import { commands } from '@sched/scheduler';
import { expectStatus, useServedNodes } from './api-harness.test-util';
import { DRAIN_CANCELLED_TEXT, DRAINED_TEXT } from './drain-node';
import { seedJob } from './seed-jobs.test-util';
import { DRAINING_TEXT } from './submit-job';

const serve = useServedNodes();
const FAST = { drain: { pollMs: 10, timeoutMs: 2000 } };
const PEERS = [{ id: 2, address: '10.0.0.2:50051' }];

async function leaderWithPeer(timings = FAST) {
  const served = await serve({ peers: PEERS, service: timings });
  served.node.alive.add(2);
  return served;
}

describe('DrainNode (REF §11.7 and SPEC §3 Operations)', () => {
  it('11.7.1: drain succeeds, then SubmitJob → UNAVAILABLE mentioning draining; the node no longer campaigns', async () => {
    const { node, scheduler } = await leaderWithPeer();
    await expect(scheduler.drainNode({})).resolves.toMatchObject({ success: true, message: DRAINED_TEXT });
    const error = await expectStatus(scheduler.submitJob({ command: 'echo hi' }), Code.Unavailable, DRAINING_TEXT);
    expect(error.rawMessage).toContain('draining');
    expect(node.draining()).toBe(true);
    expect(node.campaignEnabled).toBe(false);
  });

  it('11.7.2: draining the leader hands leadership to a peer before answering', async () => {
    const { node, scheduler } = await leaderWithPeer();
    await expect(scheduler.drainNode({})).resolves.toMatchObject({ success: true });
    expect(node.softState()).toMatchObject({ role: Role.Follower, leader: 2 });
  });

  it('waits until no job runs on this node', async () => {
    const { node, scheduler } = await leaderWithPeer();
    const job = seedJob(node, { status: JobStatus.RUNNING });
    seedJob(node, { status: JobStatus.RUNNING, worker: 2 }); // another node's job does not hold the drain
    let answered = false;
    const drain = scheduler.drainNode({}).finally(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toBe(false);
    node.apply(commands.updateJobStatus({ jobId: job.id, status: JobStatus.COMPLETED, executedBy: 1n, attempt: 1, completedAtMs: 1n }));
    await expect(drain).resolves.toMatchObject({ success: true, message: DRAINED_TEXT });
  });

  it('reports jobs still running at the timeout, and still transfers leadership', async () => {
    const { node, scheduler } = await leaderWithPeer({ drain: { pollMs: 10, timeoutMs: 50 } });
    seedJob(node, { status: JobStatus.RUNNING });
    await expect(scheduler.drainNode({})).resolves.toMatchObject({
      success: false,
      message: 'Node is draining, but 1 job(s) still running here after 50 ms',
    });
    expect(node.softState().leader).toBe(2);
    expect(node.draining()).toBe(true);
  });

  it('reports a failed leadership transfer (REF always says success: G36)', async () => {
    const { node, scheduler } = await serve({ service: FAST });
    await expect(scheduler.drainNode({})).resolves.toMatchObject({
      success: false,
      message: 'Node is draining, but leadership transfer failed: No peers available for transfer',
    });
    expect(node.draining()).toBe(true);
  });

  it('runs to its end even when the caller stops waiting', async () => {
    const { node, scheduler } = await leaderWithPeer();
    const job = seedJob(node, { status: JobStatus.RUNNING });
    await expectStatus(scheduler.drainNode({}, { timeoutMs: 50 }), Code.DeadlineExceeded);
    node.apply(commands.updateJobStatus({ jobId: job.id, status: JobStatus.COMPLETED, executedBy: 1n, attempt: 1, completedAtMs: 1n }));
    for (let i = 0; i < 100 && node.softState().role === Role.Leader; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(node.softState()).toMatchObject({ role: Role.Follower, leader: 2 });
  });

  it('on a follower: no transfer, success', async () => {
    const { node, scheduler } = await serve({ peers: PEERS, service: FAST });
    node.becomeFollower(2);
    node.transferImpl = () => Promise.reject(new Error('must not transfer'));
    await expect(scheduler.drainNode({})).resolves.toMatchObject({ success: true, message: DRAINED_TEXT });
  });
});

describe('UndrainNode', () => {
  it('reverses a drain: submissions accepted again, campaigning allowed', async () => {
    const { node, scheduler } = await leaderWithPeer();
    await scheduler.drainNode({});
    node.becomeLeader();
    await expect(scheduler.undrainNode({})).resolves.toMatchObject({ success: true, message: 'Node undrained successfully' });
    expect(node.draining()).toBe(false);
    expect(node.campaignEnabled).toBe(true);
    await expect(scheduler.submitJob({ command: 'echo hi' })).resolves.toBeDefined();
    await expect(scheduler.undrainNode({})).resolves.toMatchObject({ success: true, message: 'Node was not draining' });
  });

  it('ends a drain still waiting for jobs, unsuccessfully and without a transfer', async () => {
    const { node, scheduler } = await leaderWithPeer();
    seedJob(node, { status: JobStatus.RUNNING });
    const drain = scheduler.drainNode({});
    await new Promise((resolve) => setTimeout(resolve, 50));
    await scheduler.undrainNode({});
    await expect(drain).resolves.toMatchObject({ success: false, message: DRAIN_CANCELLED_TEXT });
    expect(node.softState().role).toBe(Role.Leader);
    expect(node.campaignEnabled).toBe(true);
  });
});
