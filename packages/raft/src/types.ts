/**
 * Core data types of the Raft library. Indices, terms and node ids are non-negative safe
 * integers (`number`): a log would need 2^53 entries to overflow, and plain numbers keep
 * the hot paths allocation-free. Index 0 and term 0 mean "before the first entry".
 */

export type NodeId = number;

/** The node id that means "nobody" (no vote cast, no leader known). Real ids are > 0. */
export const NONE: NodeId = 0;

export enum EntryKind {
  /** An application command: `data` is opaque to Raft. */
  Normal = 0,
  /** Appended by every new leader to commit entries of earlier terms; `data` is empty. */
  Noop = 1,
}

export interface Entry {
  readonly index: number;
  readonly term: number;
  readonly kind: EntryKind;
  readonly data: Uint8Array;
}

/** The state a node must persist before it answers any message (Raft paper, Figure 2). */
export interface HardState {
  readonly term: number;
  /** Candidate voted for in `term`, or NONE. Changes only together with `term`. */
  readonly vote: NodeId;
  /** Highest index known committed. Persisted so a restart re-applies no less than it had. */
  readonly commit: number;
}

export const EMPTY_HARD_STATE: HardState = { term: 0, vote: NONE, commit: 0 };

/** Static cluster membership: the voters, this node included. */
export interface ConfState {
  readonly voters: readonly NodeId[];
}

export interface SnapshotMeta {
  /** Last log index the snapshot covers; the state machine is exactly the state after it. */
  readonly index: number;
  readonly term: number;
  readonly conf: ConfState;
}

/** An application-supplied image of the state machine at `meta.index`. */
export interface Snapshot {
  readonly meta: SnapshotMeta;
  readonly data: Uint8Array;
}

export enum Role {
  Follower = 'follower',
  PreCandidate = 'pre-candidate',
  Candidate = 'candidate',
  Leader = 'leader',
}

/** Volatile state worth reporting to the application when it changes. */
export interface SoftState {
  readonly role: Role;
  readonly leader: NodeId;
  readonly term: number;
  /** Target of a leadership transfer in progress on this leader, or NONE. */
  readonly transferee: NodeId;
}

/**
 * The answer to a `readIndex(context)` request: once the local state machine has applied
 * `index`, a read served from it is linearizable with respect to every write acknowledged
 * before the request was made.
 */
export interface ReadState {
  readonly context: string;
  readonly index: number;
}

/**
 * A leader's finding that a follower lost entries it had acknowledged: it answered a
 * heartbeat saying its log does not hold the entry at the commit index it was sent. Raft's
 * safety assumes durable state, so the owner should report it loudly (the follower
 * restarted without its data, or from an older copy). The leader has reset that
 * follower's progress and rebuilds it from `from`.
 */
export interface LostLog {
  readonly peer: NodeId;
  /** The first index the leader sends the follower again. */
  readonly from: number;
  /** When the entries from `from` are compacted: the index of the snapshot the follower is sent instead; else 0. */
  readonly snapshot: number;
}

/** Bytes of an entry as counted against message and apply budgets. */
export function entrySize(entry: Entry): number {
  return entry.data.length + 24;
}

export function isEmptyHardState(hs: HardState): boolean {
  return hs.term === 0 && hs.vote === NONE && hs.commit === 0;
}

export function hardStateEquals(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}
