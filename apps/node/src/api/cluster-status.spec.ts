import { Code } from '@connectrpc/connect';
import { expectStatus, useServedNodes } from './api-harness.test-util';

const serve = useServedNodes();

describe('GetClusterStatus on the leader', () => {
  it('reports term, itself as leader and every node sorted by id with liveness', async () => {
    const { node, scheduler } = await serve({
      id: 2,
      peers: [
        { id: 3, address: '10.0.0.3:50051' },
        { id: 1, address: '10.0.0.1:50051' },
      ],
    });
    node.term = 7;
    node.alive.add(1);
    await expect(scheduler.getClusterStatus({})).resolves.toMatchObject({
      currentTerm: 7n,
      leaderId: 2n,
      nodes: [
        { nodeId: 1n, address: '10.0.0.1:50051', isAlive: true },
        { nodeId: 2n, address: node.self.address, isAlive: true },
        { nodeId: 3n, address: '10.0.0.3:50051', isAlive: false },
      ],
    });
  });
});

describe('GetClusterStatus on a follower: forwarded to the leader', () => {
  it("returns the leader's answer verbatim", async () => {
    const leader = await serve({ id: 2, peers: [{ id: 1, address: '10.0.0.1:50051' }] });
    leader.node.term = 3;
    leader.node.alive.add(1);
    const follower = await serve({ id: 1, peers: [{ id: 2, address: leader.address }] });
    follower.node.becomeFollower(2);
    const expected = await leader.scheduler.getClusterStatus({});
    await expect(follower.scheduler.getClusterStatus({})).resolves.toEqual(expected);
  });

  it('leader unknown → UNAVAILABLE `Leader unknown, please retry later`', async () => {
    const { node, scheduler } = await serve({ peers: [{ id: 2, address: '127.0.0.1:1' }] });
    node.becomeFollower(0);
    await expectStatus(scheduler.getClusterStatus({}), Code.Unavailable, 'Leader unknown, please retry later');
  });

  it('leader id not in --peers → NOT_FOUND `Unknown node <id>`', async () => {
    const { node, scheduler } = await serve({ peers: [{ id: 2, address: '127.0.0.1:1' }] });
    node.becomeFollower(7);
    await expectStatus(scheduler.getClusterStatus({}), Code.NotFound, 'Unknown node 7');
  });

  it('leader unreachable → UNAVAILABLE `Failed to connect to <addr>: <error>`', async () => {
    const { node, scheduler } = await serve({ peers: [{ id: 2, address: '127.0.0.1:1' }] });
    node.becomeFollower(2);
    await expectStatus(scheduler.getClusterStatus({}), Code.Unavailable, 'Failed to connect to 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1');
  });

  it('the leader fails the call → UNAVAILABLE `Leader request failed: <status>`; a forwarded call is not forwarded again', async () => {
    const stale = await serve({ id: 2, peers: [{ id: 1, address: '10.0.0.1:50051' }] });
    stale.node.becomeFollower(1); // believes node 1 leads: must not bounce the call back
    const follower = await serve({ id: 1, peers: [{ id: 2, address: stale.address }] });
    follower.node.becomeFollower(2);
    await expectStatus(follower.scheduler.getClusterStatus({}), Code.Unavailable, 'Leader request failed: [unavailable] Leader unknown, please retry later');
  });
});
