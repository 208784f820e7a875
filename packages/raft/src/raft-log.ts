import { RaftInvariantError } from './errors';
import type { Storage } from './storage';
import { Unstable } from './unstable';
import { type Entry, type Snapshot, entrySize } from './types';

/**
 * A node's view of its log: stable storage followed by the unstable tail, plus the commit
 * and apply cursors.
 *
 * Invariants: applied <= committed <= lastIndex(); committed never decreases; an entry at
 * or below `committed` is never rewritten.
 */
export class RaftLog {
  readonly unstable: Unstable;
  committed: number;
  applied: number;

  constructor(readonly storage: Storage) {
    this.unstable = new Unstable(storage.lastIndex() + 1);
    this.committed = storage.firstIndex() - 1;
    this.applied = this.committed;
  }

  firstIndex(): number {
    return this.unstable.maybeFirstIndex() ?? this.storage.firstIndex();
  }

  lastIndex(): number {
    return this.unstable.maybeLastIndex() ?? this.storage.lastIndex();
  }

  /** Term of the entry at `index`, defined from firstIndex() - 1 to lastIndex(). */
  term(index: number): number | undefined {
    if (index < this.firstIndex() - 1 || index > this.lastIndex()) return undefined;
    return this.unstable.maybeTerm(index) ?? this.storage.term(index);
  }

  lastTerm(): number {
    const term = this.term(this.lastIndex());
    if (term === undefined) throw new RaftInvariantError(`no term for last index ${this.lastIndex()}`);
    return term;
  }

  matchTerm(index: number, term: number): boolean {
    return this.term(index) === term;
  }

  /** Raft §5.4.1: a log is at least as up to date if its last term is higher, or equal with an index as high. */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    const myTerm = this.lastTerm();
    return lastTerm > myTerm || (lastTerm === myTerm && lastIndex >= this.lastIndex());
  }

  /**
   * The largest index <= `index` whose term is <= `term`, with that term; the follower's
   * and the leader's best guess of where their logs stop agreeing. Stops at the first
   * compacted index (term reported as 0).
   */
  findConflictByTerm(index: number, term: number): [number, number] {
    for (let i = Math.min(index, this.lastIndex()); ; i--) {
      const t = this.term(i);
      if (t === undefined) return [i, 0];
      if (t <= term) return [i, t];
    }
  }

  /**
   * Follower side of AppendEntries (Raft §5.3). If the entry at `prevIndex` has `prevTerm`,
   * appends the entries that are new or conflict (never truncating entries that match:
   * a delayed duplicate of an older message must not erase acknowledged entries), advances
   * commit to min(`commit`, last new index) and returns that last new index. Otherwise
   * returns undefined and changes nothing.
   */
  maybeAppend(prevIndex: number, prevTerm: number, commit: number, entries: readonly Entry[]): number | undefined {
    if (!this.matchTerm(prevIndex, prevTerm)) return undefined;
    const lastNew = prevIndex + entries.length;
    const conflict = entries.findIndex((e) => !this.matchTerm(e.index, e.term));
    if (conflict >= 0) this.append(entries.slice(conflict));
    this.commitTo(Math.min(commit, lastNew));
    return lastNew;
  }

  /** Appends entries that may replace an uncommitted suffix. */
  append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const first = entries[0]!.index;
    if (first <= this.committed) {
      throw new RaftInvariantError(`append at ${first} would rewrite committed entries (committed ${this.committed})`);
    }
    if (first > this.lastIndex() + 1) {
      throw new RaftInvariantError(`append at ${first} leaves a gap after ${this.lastIndex()}`);
    }
    this.unstable.truncateAndAppend(entries);
  }

  commitTo(index: number): void {
    if (index <= this.committed) return;
    if (index > this.lastIndex()) {
      throw new RaftInvariantError(`commit ${index} is past the last index ${this.lastIndex()}`);
    }
    this.committed = index;
  }

  /** Leader commit rule (Raft §5.4.2): only an entry of the current term commits by counting replicas. */
  maybeCommit(index: number, term: number): boolean {
    if (index > this.committed && this.term(index) === term) {
      this.commitTo(index);
      return true;
    }
    return false;
  }

  appliedTo(index: number): void {
    if (index > this.committed || index < this.applied) {
      throw new RaftInvariantError(`applied ${index} outside [${this.applied}, ${this.committed}]`);
    }
    this.applied = index;
  }

  /** Entries [lo, hi), at most `maxBytes` (but at least one), from storage then the unstable tail. */
  slice(lo: number, hi: number, maxBytes: number): Entry[] {
    if (lo >= hi) return [];
    if (lo < this.firstIndex() || hi > this.lastIndex() + 1) {
      throw new RaftInvariantError(`slice [${lo}, ${hi}) outside [${this.firstIndex()}, ${this.lastIndex() + 1})`);
    }
    const split = this.unstable.offset;
    let out: Entry[] = [];
    if (lo < split) {
      out = this.storage.entries(lo, Math.min(hi, split), maxBytes);
      if (out.length < Math.min(hi, split) - lo) return out;
    }
    if (hi > split) {
      let bytes = out.reduce((n, e) => n + entrySize(e), 0);
      for (const e of this.unstable.slice(Math.max(lo, split), hi)) {
        bytes += entrySize(e);
        if (out.length > 0 && bytes > maxBytes) break;
        out.push(e);
      }
    }
    return out;
  }

  hasNextCommittedEntries(): boolean {
    return this.committed > Math.max(this.applied, this.firstIndex() - 1);
  }

  /** Committed entries not yet handed to the application, from the first available one. */
  nextCommittedEntries(maxBytes: number): Entry[] {
    const lo = Math.max(this.applied + 1, this.firstIndex());
    return this.slice(lo, this.committed + 1, maxBytes);
  }

  /** The snapshot a lagging peer can be sent (or the one being installed here). */
  snapshot(): Snapshot {
    return this.unstable.snapshot ?? this.storage.snapshot();
  }

  /** Replaces the log with a snapshot from the leader; everything up to it is committed. */
  restore(snapshot: Snapshot): void {
    this.committed = snapshot.meta.index;
    this.unstable.restore(snapshot);
  }
}
