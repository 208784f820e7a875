import { Code } from '@connectrpc/connect';
import { FAKE_MONOTONIC_MS } from './fake-node.test-util';
import { expectStatus, useServedNodes } from './api-harness.test-util';

const serve = useServedNodes();
const PEERS = [{ id: 2, address: '127.0.0.1:50052' }];

describe('InternalService.WorkerHeartbeat', () => {
  it('the leader keeps the latest heartbeat of each worker, stamped with its own monotonic clock', async () => {
    const { node, internal } = await serve({ peers: PEERS });
    await internal.workerHeartbeat({ nodeId: 2n, slots: 4, executors: ['docker', 'exec'], draining: true });
    await internal.workerHeartbeat({ nodeId: 1n });
    expect(node.heartbeats.get(2n)).toEqual({ atMs: FAKE_MONOTONIC_MS, slots: 4, executors: ['docker', 'exec'], draining: true });
    expect(node.heartbeats.get(1n)).toEqual({ atMs: FAKE_MONOTONIC_MS, slots: 1, executors: [], draining: false });
  });

  it('a follower answers with the not-leader error, so the worker re-targets', async () => {
    const { node, internal } = await serve({ peers: PEERS });
    node.becomeFollower(2);
    await expectStatus(internal.workerHeartbeat({ nodeId: 1n }), Code.FailedPrecondition, 'Not the leader. Try 127.0.0.1:50052');
    expect(node.heartbeats.size).toBe(0);
  });

  it.each([
    [{ nodeId: 0n }, 'Unknown worker node 0'],
    [{ nodeId: 9n }, 'Unknown worker node 9'],
    [{ nodeId: 2n, slots: 1025 }, 'slots must be at most 1024, got 1025'],
    [{ nodeId: 2n, executors: Array.from({ length: 17 }, (_, i) => `e${i}`) }, 'at most 16 executors, got 17'],
    [{ nodeId: 2n, executors: [''] }, 'executor names must be 1..64 bytes'],
  ])('%j → INVALID_ARGUMENT', async (request, message) => {
    const { node, internal } = await serve({ peers: PEERS });
    await expectStatus(internal.workerHeartbeat(request), Code.InvalidArgument, message);
    expect(node.heartbeats.size).toBe(0);
  });
});
