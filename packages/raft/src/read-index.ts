import type { ReadIndexResponse } from './messages';
import type { Raft } from './raft';
import { ReadOnly } from './read-only';
import { broadcastHeartbeat } from './replication';
import { NONE, type NodeId, Role } from './types';

export type ReadIndexResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Asks for a linearizable read point. The answer arrives as a ReadState with the same
 * `context` in a later Ready (possibly this node's next one). A follower forwards the
 * request to its leader; with no leader known the request is refused at once, and a
 * request lost on the way is simply never answered: callers need a timeout and a fresh
 * context to retry.
 */
export function requestReadIndex(r: Raft, context: string): ReadIndexResult {
  if (r.role === Role.Leader) {
    handleReadIndexRequest(r, r.id, context);
    return { ok: true };
  }
  if (r.leader === NONE) return { ok: false, reason: 'no leader known' };
  r.send({ type: 'ReadIndex', to: r.leader, context });
  return { ok: true };
}

/** Leader: registers a read and starts a heartbeat round to confirm leadership for it. */
export function handleReadIndexRequest(r: Raft, from: NodeId, context: string): void {
  if (!r.committedInCurrentTerm()) {
    // Until this term's no-op commits, our commit index may lag what an earlier leader acknowledged.
    r.pendingReads.push({ from, context });
    return;
  }
  const request = { context, from, index: r.log.committed, acks: new Set([r.id]) };
  if (r.voters.length === 1) return answerRead(r, request);
  r.readOnly.add(request);
  broadcastHeartbeat(r, ReadOnly.key(from, context));
}

/** Leader: a heartbeat answer for read round `key`; a quorum confirms it and every earlier round. */
export function acknowledgeReadRound(r: Raft, from: NodeId, key: string): void {
  const acks = r.readOnly.recvAck(from, key);
  if (acks === undefined || acks.size < r.quorum()) return;
  for (const request of r.readOnly.advance(key)) answerRead(r, request);
}

function answerRead(r: Raft, request: { context: string; from: NodeId; index: number }): void {
  if (request.from === r.id) r.readStates.push({ context: request.context, index: request.index });
  else r.send({ type: 'ReadIndexResponse', to: request.from, context: request.context, index: request.index });
}

export function handleReadIndexResponse(r: Raft, m: ReadIndexResponse): void {
  r.readStates.push({ context: m.context, index: m.index });
}
