import { Code, ConnectError } from '@connectrpc/connect';
import { LocalCluster, schedulerApi, until } from './local-cluster.test-util';

// Generous per-test budget for a loaded 2-core machine; the waits inside have their own, tighter bounds.
jest.setTimeout(30_000);

// REF §11.7 over the real SchedulerService of three nodes (the handler's other cases, with a
// fake node: apps/node/src/api/drain-node.spec.ts).

describe('DrainNode on the leader of a real cluster (REF §11.7)', () => {
  let cluster: LocalCluster;
  beforeAll(async () => {
    cluster = await LocalCluster.start(3, { services: schedulerApi });
  });
  afterAll(() => cluster.destroy());

  it(
    'succeeds, hands leadership to another node, refuses submissions with UNAVAILABLE naming the drain, and never campaigns again until undrained ' +
      '(test_drain_rejects_new_jobs, test_drain_transfers_leadership)',
    async () => {
      const leader = await cluster.waitForLeader();
      const id = leader.config.nodeId;
      await expect(cluster.client(id).drainNode({})).resolves.toMatchObject({ success: true, message: 'Node drained successfully' });
      // REF checks 500 ms later; ours answers once the transfer has ended.
      await until(() => cluster.leaders().length === 1 && cluster.leaders()[0] !== leader, 2000);
      const refused = await cluster.client(id).submitJob({ command: 'echo hi' }).catch((e: unknown) => ConnectError.from(e));
      expect(refused).toBeInstanceOf(ConnectError);
      expect((refused as ConnectError).code).toBe(Code.Unavailable);
      expect((refused as ConnectError).rawMessage).toContain('draining');
      // A drained node does not campaign: a transfer to it lapses (REF G36: it could be elected again).
      const back = await cluster.client(cluster.leaders()[0]!.config.nodeId).transferLeadership({ targetNodeId: BigInt(id) });
      expect(back.success).toBe(false);
      expect(cluster.leaders()[0]).not.toBe(leader);
      await expect(cluster.client(id).undrainNode({})).resolves.toMatchObject({ success: true });
      const again = await cluster.client(id).transferLeadership({ targetNodeId: BigInt(id) });
      expect(again).toMatchObject({ success: true, newLeaderId: BigInt(id) });
      await until(() => cluster.leaders()[0] === leader, 2000);
    },
  );
});
