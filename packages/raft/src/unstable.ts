import type { Entry, Snapshot } from './types';

/**
 * The tail of the log that is not yet known to be in stable storage: an incoming snapshot
 * and/or entries. `Ready` hands these out for persistence; `advance` drops what was
 * persisted.
 *
 * Invariant: `entries[k].index === offset + k`; when `snapshot` is set, `offset` is
 * `snapshot.meta.index + 1`.
 */
export class Unstable {
  snapshot: Snapshot | undefined = undefined;
  entries: Entry[] = [];

  constructor(public offset: number) {}

  /** First index known only because of an unpersisted snapshot, if any. */
  maybeFirstIndex(): number | undefined {
    return this.snapshot === undefined ? undefined : this.snapshot.meta.index + 1;
  }

  maybeLastIndex(): number | undefined {
    if (this.entries.length > 0) return this.offset + this.entries.length - 1;
    return this.snapshot?.meta.index;
  }

  maybeTerm(index: number): number | undefined {
    if (index < this.offset) {
      return this.snapshot !== undefined && this.snapshot.meta.index === index ? this.snapshot.meta.term : undefined;
    }
    return this.entries[index - this.offset]?.term;
  }

  /** Entries up to `index` (with `term`) are durable; a stale notice (the tail was rewritten since) is ignored. */
  stableTo(index: number, term: number): void {
    if (index < this.offset || this.maybeTerm(index) !== term) return;
    this.entries = this.entries.slice(index + 1 - this.offset);
    this.offset = index + 1;
  }

  stableSnapshotTo(index: number): void {
    if (this.snapshot !== undefined && this.snapshot.meta.index === index) this.snapshot = undefined;
  }

  restore(snapshot: Snapshot): void {
    this.snapshot = snapshot;
    this.entries = [];
    this.offset = snapshot.meta.index + 1;
  }

  /** Appends `entries`, first dropping any unstable entries at or after `entries[0].index`. */
  truncateAndAppend(entries: readonly Entry[]): void {
    const first = entries[0]!.index;
    if (first === this.offset + this.entries.length) {
      this.entries.push(...entries);
    } else if (first <= this.offset) {
      // The new entries replace everything unstable, and rewrite stored entries from `first`.
      this.offset = first;
      this.entries = entries.slice();
    } else {
      this.entries = this.entries.slice(0, first - this.offset).concat(entries);
    }
  }

  /** Entries [lo, hi), which the caller guarantees lie within the unstable range. */
  slice(lo: number, hi: number): Entry[] {
    return this.entries.slice(lo - this.offset, hi - this.offset);
  }
}
