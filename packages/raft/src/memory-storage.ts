import type { PersistBatch } from './persist-batch';
import type { InitialState, Storage } from './storage';
import { type ConfState, EMPTY_HARD_STATE, type Entry, EntryKind, type HardState, type Snapshot, entrySize } from './types';

/**
 * A `Storage` kept in memory, with the writes Raft's `Ready` asks for. Used by the
 * simulator and by tests, and a template for durable implementations.
 *
 * Representation: `log[0]` is a placeholder for the last compacted entry (its index and
 * term only), so the stored entries are `log[1..]` and `log[k].index === log[0].index + k`.
 * Invariant: the snapshot's index is >= log[0].index (a peer that needs a compacted entry
 * can always be sent the snapshot instead).
 */
export class MemoryStorage implements Storage {
  private hardState: HardState = EMPTY_HARD_STATE;
  private snap: Snapshot;
  private log: Entry[];

  constructor(conf: ConfState) {
    this.snap = { meta: { index: 0, term: 0, conf }, data: new Uint8Array(0) };
    this.log = [placeholder(0, 0)];
  }

  initialState(): InitialState {
    return { hardState: this.hardState, conf: this.snap.meta.conf };
  }

  firstIndex(): number {
    return this.offset() + 1;
  }

  lastIndex(): number {
    return this.offset() + this.log.length - 1;
  }

  term(index: number): number | undefined {
    const k = index - this.offset();
    return k >= 0 && k < this.log.length ? this.log[k]!.term : undefined;
  }

  entries(lo: number, hi: number, maxBytes: number): Entry[] {
    if (lo < this.firstIndex() || hi > this.lastIndex() + 1 || lo > hi) {
      throw new RangeError(`entries [${lo}, ${hi}) outside stored range [${this.firstIndex()}, ${this.lastIndex() + 1})`);
    }
    const out: Entry[] = [];
    let bytes = 0;
    for (let i = lo; i < hi; i++) {
      const e = this.log[i - this.offset()]!;
      bytes += entrySize(e);
      if (out.length > 0 && bytes > maxBytes) break;
      out.push(e);
    }
    return out;
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  /** Applies one Ready's writes, in the order `PersistBatch` defines, or none of them if any is invalid. */
  save(batch: PersistBatch): void {
    this.checkSave(batch);
    if (batch.snapshot !== undefined) this.applySnapshot(batch.snapshot);
    if (batch.entries.length > 0) this.append(batch.entries);
    if (batch.hardState !== undefined) this.hardState = batch.hardState;
  }

  /**
   * Throws the RangeError `save(batch)` would throw, changing nothing. For durable stores
   * that keep a MemoryStorage as their in-memory copy and must refuse a write before it
   * reaches their file.
   */
  checkSave(batch: PersistBatch): void {
    const snapshot = batch.snapshot;
    if (snapshot !== undefined) this.checkSnapshot(snapshot);
    const head = batch.entries[0];
    if (head === undefined) return;
    if (snapshot === undefined) this.checkAppend(head.index, this.firstIndex(), this.lastIndex() + 1);
    else this.checkAppend(head.index, snapshot.meta.index + 1, snapshot.meta.index + 1);
  }

  /** Replaces the log with a snapshot received from the leader. */
  applySnapshot(snapshot: Snapshot): void {
    this.checkSnapshot(snapshot);
    this.snap = snapshot;
    this.log = [placeholder(snapshot.meta.index, snapshot.meta.term)];
  }

  /** Stores entries, replacing any stored entries at or after `entries[0].index`. */
  append(entries: readonly Entry[]): void {
    const first = entries[0]!.index;
    this.checkAppend(first, this.firstIndex(), this.lastIndex() + 1);
    this.log.length = first - this.offset();
    for (const e of entries) this.log.push(e);
  }

  /**
   * Records the application's image of its state machine at `index` (<= last applied) as
   * the latest snapshot. Entries are kept until `compact`.
   */
  createSnapshot(index: number, data: Uint8Array): Snapshot {
    const term = this.checkCreateSnapshot(index);
    this.snap = { meta: { index, term, conf: this.snap.meta.conf }, data };
    return this.snap;
  }

  /** The term `createSnapshot(index)` would record, or the RangeError it would throw. */
  checkCreateSnapshot(index: number): number {
    const term = this.term(index);
    if (term === undefined || index < this.snap.meta.index) {
      throw new RangeError(`cannot snapshot at ${index}: stored range is [${this.offset()}, ${this.lastIndex()}]`);
    }
    return term;
  }

  /** Discards entries up to and including `index`, which must not pass the snapshot. */
  compact(index: number): void {
    const term = this.checkCompact(index);
    if (term === undefined) return;
    const k = index - this.offset();
    this.log = [placeholder(index, term), ...this.log.slice(k + 1)];
  }

  /**
   * The term of the entry `compact(index)` would leave as the last compacted one,
   * undefined when it would change nothing, or the RangeError it would throw.
   */
  checkCompact(index: number): number | undefined {
    if (index <= this.offset()) return undefined;
    if (index > this.snap.meta.index || index > this.lastIndex()) {
      throw new RangeError(`cannot compact to ${index}: latest snapshot is at ${this.snap.meta.index}, last entry at ${this.lastIndex()}`);
    }
    return this.log[index - this.offset()]!.term;
  }

  private checkSnapshot(snapshot: Snapshot): void {
    if (snapshot.meta.index < this.snap.meta.index) {
      throw new RangeError(`snapshot ${snapshot.meta.index} is older than stored snapshot ${this.snap.meta.index}`);
    }
  }

  /** An append must start within [lo, hi]: no gap after the log, no rewrite of compacted entries. */
  private checkAppend(first: number, lo: number, hi: number): void {
    if (first < lo || first > hi) {
      throw new RangeError(`append at ${first} leaves a gap or rewrites compacted entries (may start in [${lo}, ${hi}])`);
    }
  }

  private offset(): number {
    return this.log[0]!.index;
  }
}

function placeholder(index: number, term: number): Entry {
  return { index, term, kind: EntryKind.Noop, data: new Uint8Array(0) };
}
