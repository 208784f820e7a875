import type { ConfState, Entry, HardState, Snapshot } from './types';

/** What a node recovers on start: its last persisted hard state and membership. */
export interface InitialState {
  readonly hardState: HardState;
  readonly conf: ConfState;
}

/**
 * The stable storage Raft reads from. Raft never writes through this interface: the
 * application persists what `Ready` tells it to (entries, hard state, snapshot) and then
 * these reads must reflect those writes.
 *
 * Contract. Let C be the index of the last compacted entry (0 on a fresh storage) and L
 * the index of the last stored entry (C when there are none):
 * - `firstIndex()` is C + 1 and `lastIndex()` is L;
 * - `term(i)` is defined for C <= i <= L (term(0) = 0) and is `undefined` outside;
 * - `entries(lo, hi, maxBytes)` returns entries [lo, hi) for C < lo <= hi <= L + 1,
 *   stopping before the entry that would take the total past `maxBytes` (by `entrySize`)
 *   but always returning at least one entry when lo < hi. Raft passes no other range;
 * - `snapshot()` is the latest snapshot, and its index is >= C, so a peer that needs a
 *   compacted entry can be sent the snapshot instead. A fresh storage's snapshot is empty
 *   at index 0 with the initial membership.
 * Implementations that fail to read must throw: Raft cannot continue on a storage it cannot
 * trust, and neither should the process that drives it.
 */
export interface Storage {
  initialState(): InitialState;
  entries(lo: number, hi: number, maxBytes: number): Entry[];
  term(index: number): number | undefined;
  firstIndex(): number;
  lastIndex(): number;
  snapshot(): Snapshot;
}
