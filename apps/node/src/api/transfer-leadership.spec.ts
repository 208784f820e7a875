import { Role } from '@sched/raft';
import { commands } from '@sched/scheduler';
import { RaftFailure } from '../raft/errors';
import { useServedNodes } from './api-harness.test-util';

const serve = useServedNodes();
const PEERS = [2, 3, 4, 5].map((id) => ({ id, address: `10.0.0.${id}:50051` }));

describe('TransferLeadership on the leader', () => {
  it('to a chosen peer: success once that peer leads', async () => {
    const { node, scheduler } = await serve({ peers: PEERS });
    await expect(scheduler.transferLeadership({ targetNodeId: 3n })).resolves.toMatchObject({
      success: true,
      message: 'Leadership transferred to node 3',
      newLeaderId: 3n,
    });
    expect(node.softState()).toMatchObject({ role: Role.Follower, leader: 3 });
  });

  it.each([9n, 1n])('to node %s (not a peer; its own id included) → `Unknown target node <id>`', async (target) => {
    const { scheduler } = await serve({ peers: PEERS });
    await expect(scheduler.transferLeadership({ targetNodeId: target })).resolves.toMatchObject({
      success: false,
      message: `Unknown target node ${target}`,
      newLeaderId: 0n,
    });
  });

  it('auto: the alive, non-draining peer with the highest match index, ties to the lowest id', async () => {
    const { node, scheduler } = await serve({ peers: PEERS });
    for (const [id, match] of [[2, 5], [3, 8], [4, 10], [5, 9]] as const) node.match.set(id, match);
    for (const id of [2, 3, 5]) node.alive.add(id); // 4 is the most caught up, but dead
    node.apply(commands.registerWorker(5n, 1, ['exec']));
    node.apply(commands.setWorkerDraining(5n, true)); // 5 is drained: it would not campaign
    await expect(scheduler.transferLeadership({ targetNodeId: 0n })).resolves.toMatchObject({ success: true, newLeaderId: 3n });

    const tie = await serve({ peers: PEERS });
    for (const id of [4, 2, 3]) {
      tie.node.alive.add(id);
      tie.node.match.set(id, 7);
    }
    await expect(tie.scheduler.transferLeadership({})).resolves.toMatchObject({ success: true, newLeaderId: 2n });
  });

  it('auto with no peer, or none alive → `No peers available for transfer`', async () => {
    const alone = await serve();
    await expect(alone.scheduler.transferLeadership({})).resolves.toMatchObject({ success: false, message: 'No peers available for transfer', newLeaderId: 0n });
    const isolated = await serve({ peers: PEERS });
    await expect(isolated.scheduler.transferLeadership({})).resolves.toMatchObject({ success: false, message: 'No peers available for transfer' });
  });

  it('reports the real outcome: a transfer that ended with another leader, or none, is a failure', async () => {
    const { node, scheduler } = await serve({ peers: PEERS });
    node.transferImpl = async () => node.softState(); // abandoned: still the leader
    await expect(scheduler.transferLeadership({ targetNodeId: 2n })).resolves.toMatchObject({
      success: false,
      message: 'Leadership transfer to node 2 did not complete; node 1 is the leader',
      newLeaderId: 0n,
    });
    node.transferImpl = async () => (node.becomeFollower(0), node.softState());
    await expect(scheduler.transferLeadership({ targetNodeId: 2n })).resolves.toMatchObject({
      success: false,
      message: 'Leadership transfer to node 2 did not complete; no leader is known',
    });
  });

  it('Raft refusing or timing out the transfer → success=false with the reason', async () => {
    const { node, scheduler } = await serve({ peers: PEERS });
    node.transferImpl = () => Promise.reject(new RaftFailure('not-leader', 'not the leader'));
    await expect(scheduler.transferLeadership({ targetNodeId: 2n })).resolves.toMatchObject({ success: false, message: 'Not the leader' });
    node.transferImpl = () => Promise.reject(new RaftFailure('deadline', 'Leadership transfer to node 2 did not finish in time'));
    await expect(scheduler.transferLeadership({ targetNodeId: 2n })).resolves.toMatchObject({
      success: false,
      message: 'Leadership transfer to node 2 did not finish in time',
    });
  });
});

describe('TransferLeadership on a follower: forwarded to the leader (REF G37)', () => {
  it('the leader performs it and its answer comes back', async () => {
    const leader = await serve({ id: 2, peers: [1, 3].map((id) => ({ id, address: `10.0.0.${id}:50051` })) });
    leader.node.alive.add(1).add(3);
    leader.node.match.set(1, 4).set(3, 6);
    const follower = await serve({ id: 1, peers: [{ id: 2, address: leader.address }] });
    follower.node.becomeFollower(2);
    await expect(follower.scheduler.transferLeadership({})).resolves.toMatchObject({
      success: true,
      message: 'Leadership transferred to node 3',
      newLeaderId: 3n,
    });
    expect(leader.node.softState().leader).toBe(3);
  });

  it('a forwarding failure is reported in-band', async () => {
    const { node, scheduler } = await serve({ peers: PEERS });
    node.becomeFollower(0);
    await expect(scheduler.transferLeadership({ targetNodeId: 2n })).resolves.toMatchObject({
      success: false,
      message: 'Leader unknown, please retry later',
      newLeaderId: 0n,
    });
  });
});
