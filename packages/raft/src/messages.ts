import type { Entry, NodeId, SnapshotMeta } from './types';

/**
 * Node-to-node Raft messages. Every message is one-way: an answer is another message.
 * `term` is the sender's current term, except where noted.
 */
interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: number;
}

/**
 * A request for a (pre-)vote. A PreVote carries the term the sender *would* campaign in
 * (its term + 1) without having moved to it (Raft thesis §9.6). `transfer` marks an
 * election started by a leadership transfer, which voters grant even inside a leader lease.
 */
export interface VoteRequest extends Envelope {
  readonly type: 'PreVote' | 'Vote';
  readonly lastIndex: number;
  readonly lastTerm: number;
  readonly transfer: boolean;
}

/** A granted PreVoteResponse carries the term of the request; a rejection, the voter's term. */
export interface VoteResponse extends Envelope {
  readonly type: 'PreVoteResponse' | 'VoteResponse';
  readonly reject: boolean;
}

/** Entries following (prevIndex, prevTerm), and the leader's commit index. */
export interface Append extends Envelope {
  readonly type: 'Append';
  readonly prevIndex: number;
  readonly prevTerm: number;
  readonly entries: readonly Entry[];
  readonly commit: number;
}

/**
 * Accepted (`reject` false): the follower's log matches the leader's up to `index`
 * (prevIndex + the entries it carried — never just the follower's last index).
 * Rejected: `index` is the rejected prevIndex, and (hintIndex, hintTerm) the follower's
 * last entry whose term is <= the rejected prevTerm, so the leader can skip a whole
 * conflicting term per round trip.
 */
export interface AppendResponse extends Envelope {
  readonly type: 'AppendResponse';
  readonly reject: boolean;
  readonly index: number;
  readonly hintIndex: number;
  readonly hintTerm: number;
}

/**
 * Leadership keep-alive. `commit` is min(leader commit, the follower's verified match), so
 * a heartbeat never commits entries the follower has not been shown to share with the
 * leader; `commitTerm` is the term of the leader's entry at `commit`, which lets the
 * follower check that its log still holds it (the leader sends commit 0 rather than an
 * index it has compacted; a term of 0 with a commit above 0 comes from an older sender).
 * `context` names the latest read-index round ('' if none).
 */
export interface Heartbeat extends Envelope {
  readonly type: 'Heartbeat';
  readonly commit: number;
  readonly commitTerm: number;
  readonly context: string;
}

/**
 * `context` echoes the heartbeat's. `reject`: the follower's log does not hold the entry
 * at the heartbeat's commit index (it ends before it, or holds another term there), so it
 * lost entries it had acknowledged (restarted without its data, or from an older copy) and
 * committed nothing; `hintIndex` is then the highest index at which its log may still
 * agree with the leader's (min(its last index, commit - 1)). 0 when not rejecting.
 */
export interface HeartbeatResponse extends Envelope {
  readonly type: 'HeartbeatResponse';
  readonly context: string;
  readonly reject: boolean;
  readonly hintIndex: number;
}

/** One chunk of the snapshot `meta` (bytes [offset, offset + chunk.length) of `total`). */
export interface SnapshotChunk extends Envelope {
  readonly type: 'Snapshot';
  readonly meta: SnapshotMeta;
  readonly offset: number;
  readonly total: number;
  readonly chunk: Uint8Array;
  readonly done: boolean;
}

/**
 * Flow control for snapshot chunks: the follower holds bytes [0, nextOffset) of snapshot
 * `index` and wants the chunk at `nextOffset` next. Installation itself is confirmed by an
 * AppendResponse, as if the snapshot had been a very long append.
 */
export interface SnapshotResponse extends Envelope {
  readonly type: 'SnapshotResponse';
  readonly index: number;
  readonly nextOffset: number;
}

/** Sent by a leader to its transfer target only: campaign now, without pre-vote. */
export interface TimeoutNow extends Envelope {
  readonly type: 'TimeoutNow';
}

/** A follower asks the leader for a read index on behalf of a local reader. */
export interface ReadIndexRequest extends Envelope {
  readonly type: 'ReadIndex';
  readonly context: string;
}

export interface ReadIndexResponse extends Envelope {
  readonly type: 'ReadIndexResponse';
  readonly context: string;
  readonly index: number;
}

export type Message =
  | VoteRequest
  | VoteResponse
  | Append
  | AppendResponse
  | Heartbeat
  | HeartbeatResponse
  | SnapshotChunk
  | SnapshotResponse
  | TimeoutNow
  | ReadIndexRequest
  | ReadIndexResponse;

export type MessageType = Message['type'];

/** Distributes `Omit` over the union, so each message kind keeps its own fields. */
export type Unaddressed<M> = M extends Message ? Omit<M, 'from' | 'term'> : never;
