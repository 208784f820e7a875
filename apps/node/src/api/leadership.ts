import type { ConnectError } from '@connectrpc/connect';
import { NONE, type NodeId, Role } from '@sched/raft';
import { notLeaderError } from '@sched/rpc';
import type { Member, NodeContext } from './node-context';

/** True while this node is the Raft leader (its role, not a possibly stale leader id). */
export function isLeader(ctx: NodeContext): boolean {
  return ctx.raftStatus().role === Role.Leader;
}

/** The peer with id `id` from `--peers`, if listed (this node itself never is). */
export function peerById(ctx: NodeContext, id: NodeId): Member | undefined {
  return ctx.peers.find((peer) => peer.id === id);
}

/**
 * The not-leader error of REF §4.1 for `leader` (default: the leader this node knows now):
 * `Not the leader. Try <host:port>` with the address from `--peers`, `... Try unknown
 * address` when that id is not a listed peer, `... Leader unknown, retry later` when no
 * leader is known; FAILED_PRECONDITION, with the x-sched-leader-* trailers.
 */
export function notLeader(ctx: NodeContext, leader: NodeId = ctx.raftStatus().leader): ConnectError {
  if (leader === NONE) return notLeaderError();
  return notLeaderError({ id: leader, address: peerById(ctx, leader)?.address });
}
