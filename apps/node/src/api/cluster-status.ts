import type { MethodImpl } from '@connectrpc/connect';
import type { SchedulerService } from '@sched/rpc/gen';
import { forwardToLeader } from './forward-to-leader';
import { isLeader } from './leadership';
import type { NodeContext } from './node-context';

/**
 * GetClusterStatus. On the leader: its term, its id as leader, and every configured node
 * sorted by id — itself (advertise address, alive) and each peer (`--peers` address,
 * alive when it answered a Raft RPC within the peer liveness window). Elsewhere: the
 * leader's answer, forwarded (errors: forward-to-leader.ts).
 */
export function getClusterStatus(ctx: NodeContext): MethodImpl<typeof SchedulerService.method.getClusterStatus> {
  return async (request, call) => {
    if (!isLeader(ctx)) return forwardToLeader(ctx, call, (leader, options) => leader.getClusterStatus(request, options));
    const status = ctx.raftStatus();
    const nodes = [
      { id: ctx.self.id, address: ctx.self.address, alive: true },
      ...ctx.peers.map((peer) => ({ id: peer.id, address: peer.address, alive: ctx.peerAlive(peer.id) })),
    ].sort((a, b) => a.id - b.id);
    return {
      currentTerm: BigInt(status.term),
      leaderId: BigInt(ctx.self.id),
      nodes: nodes.map((node) => ({ nodeId: BigInt(node.id), address: node.address, isAlive: node.alive })),
    };
  };
}
