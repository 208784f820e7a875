import type { Message } from './messages';
import type { PersistBatch } from './persist-batch';
import type { Entry, LostLog, ReadState, Snapshot, SoftState } from './types';

/**
 * Everything a node must do next, in this order:
 *  1. persist `toPersist` (one atomic, durable write: see PersistBatch);
 *  2. call `persisted()`, send its `messages`;
 *  3. restore the state machine from its `snapshot` if present, apply its `committedEntries`,
 *     serve its `readStates` once applied;
 *  4. call `RawNode.advance(thatResult)`.
 * The types enforce the order that matters for safety: messages (votes, append
 * acknowledgements) and committed entries are only reachable through `persisted()`, so
 * nothing can be sent or applied on the strength of state that is not yet durable.
 */
export interface Ready {
  /** Present when role, leader, term or transfer target changed since the previous Ready. */
  readonly softState: SoftState | undefined;
  readonly toPersist: PersistBatch;
  /** True when `toPersist` holds anything at all (a Ready may carry only messages to send). */
  readonly mustPersist: boolean;
  /** Leader: followers that lost entries they had acknowledged, being rebuilt; report them (nothing to persist). */
  readonly lostLogs: readonly LostLog[];
  /** Call once `toPersist` is durable; a second call returns the same result. */
  persisted(): Persisted;
}

export interface Persisted {
  readonly messages: readonly Message[];
  /** A snapshot received from the leader, to load into the state machine before `committedEntries`. */
  readonly snapshot: Snapshot | undefined;
  readonly committedEntries: readonly Entry[];
  readonly readStates: readonly ReadState[];
}
