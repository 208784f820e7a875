import { type ConfState, EMPTY_HARD_STATE, type Entry, EntryKind, type HardState, type Snapshot, entrySize } from '@sched/raft';
import type { WritableStorage } from './writable-storage';

/** How the contract suite gets at an implementation. */
export interface StorageHarness {
  /** A fresh, empty storage with membership `conf`. */
  create(conf: ConfState): WritableStorage;
  /** Durable implementations: closes the storage last created and opens it again. */
  readonly reopen?: () => WritableStorage;
  /** Releases whatever `create` made (after each test). */
  dispose(): void;
}

const CONF: ConfState = { voters: [1, 2, 3] };

export function entry(index: number, term: number, text = `e${index}`): Entry {
  return { index, term, kind: EntryKind.Normal, data: new TextEncoder().encode(text) };
}

export function entries(from: number, to: number, term: number): Entry[] {
  const out: Entry[] = [];
  for (let i = from; i <= to; i++) out.push(entry(i, term));
  return out;
}

function snapshotAt(index: number, term: number, text = `snap${index}`): Snapshot {
  return { meta: { index, term, conf: CONF }, data: new TextEncoder().encode(text) };
}

/** Everything a storage exposes, for comparing two of them. */
export function visibleState(s: WritableStorage) {
  const first = s.firstIndex();
  const last = s.lastIndex();
  return {
    initial: s.initialState(),
    first,
    last,
    termBefore: s.term(first - 1),
    snapshot: s.snapshot(),
    entries: first <= last ? s.entries(first, last + 1, Number.POSITIVE_INFINITY) : [],
  };
}

/**
 * The `Storage` contract of @sched/raft plus MemoryStorage's write semantics, run against
 * one implementation. Every implementation must pass it unchanged.
 */
export function describeStorageContract(name: string, harness: StorageHarness): void {
  describe(`${name}: Raft storage contract`, () => {
    let s: WritableStorage;
    const save = (b: { entries?: Entry[]; hardState?: HardState; snapshot?: Snapshot }) =>
      s.save({ entries: b.entries ?? [], hardState: b.hardState, snapshot: b.snapshot });

    beforeEach(() => {
      s = harness.create(CONF);
    });
    afterEach(() => harness.dispose());

    describe('a fresh storage', () => {
      test('is empty at index 0 with term 0', () => {
        expect([s.firstIndex(), s.lastIndex(), s.term(0), s.term(1)]).toEqual([1, 0, 0, undefined]);
      });
      test('has an empty hard state and the initial membership', () => {
        expect(s.initialState()).toEqual({ hardState: EMPTY_HARD_STATE, conf: CONF });
      });
      test('has an empty snapshot at index 0', () => {
        expect(s.snapshot()).toEqual({ meta: { index: 0, term: 0, conf: CONF }, data: new Uint8Array(0) });
      });
    });

    describe('append and read', () => {
      test('appended entries are read back with their term, kind and bytes', () => {
        const noop: Entry = { index: 3, term: 2, kind: EntryKind.Noop, data: new Uint8Array(0) };
        save({ entries: [entry(1, 1), entry(2, 1, 'x'.repeat(1000)), noop] });
        expect(s.entries(1, 4, Number.POSITIVE_INFINITY)).toEqual([entry(1, 1), entry(2, 1, 'x'.repeat(1000)), noop]);
        expect([s.firstIndex(), s.lastIndex()]).toEqual([1, 3]);
      });
      test('appends accumulate across batches', () => {
        save({ entries: entries(1, 3, 1) });
        save({ entries: entries(4, 6, 1) });
        expect(s.entries(1, 7, Number.POSITIVE_INFINITY)).toEqual(entries(1, 6, 1));
      });
      test('a range [lo, hi) returns exactly lo..hi-1, and [lo, lo) nothing', () => {
        save({ entries: entries(1, 10, 1) });
        expect(s.entries(4, 7, Number.POSITIVE_INFINITY).map((e) => e.index)).toEqual([4, 5, 6]);
        expect(s.entries(5, 5, Number.POSITIVE_INFINITY)).toEqual([]);
      });
      test('the byte budget stops before the entry that would exceed it', () => {
        save({ entries: entries(1, 5, 1) });
        const size = entrySize(entry(1, 1));
        expect(s.entries(1, 6, 2 * size).map((e) => e.index)).toEqual([1, 2]);
        expect(s.entries(1, 6, 3 * size - 1).map((e) => e.index)).toEqual([1, 2]);
      });
      test('the byte budget always allows one entry', () => {
        save({ entries: [entry(1, 1, 'x'.repeat(500)), entry(2, 1)] });
        expect(s.entries(1, 3, 0).map((e) => e.index)).toEqual([1]);
      });
      test('reads outside the stored range throw', () => {
        save({ entries: entries(1, 3, 1) });
        expect(() => s.entries(0, 2, 100)).toThrow(RangeError);
        expect(() => s.entries(2, 5, 100)).toThrow(RangeError);
      });
    });

    describe('term at index', () => {
      test('is the entry term in range, 0 at index 0 and undefined past the end', () => {
        save({ entries: [entry(1, 1), entry(2, 2), entry(3, 2)] });
        expect([0, 1, 2, 3, 4].map((i) => s.term(i))).toEqual([0, 1, 2, 2, undefined]);
      });
      test('is known at the last compacted index and undefined below it', () => {
        save({ entries: [entry(1, 1), entry(2, 1), entry(3, 2), entry(4, 2)] });
        s.createSnapshot(3, new Uint8Array([9]));
        s.compact(3);
        expect([1, 2, 3, 4, 5].map((i) => s.term(i))).toEqual([undefined, undefined, 2, 2, undefined]);
      });
    });

    describe('truncation of a conflicting suffix', () => {
      test('entries from the first new index on are replaced', () => {
        save({ entries: entries(1, 5, 1) });
        save({ entries: entries(3, 4, 2) });
        expect(s.lastIndex()).toBe(4);
        expect(s.entries(1, 5, Number.POSITIVE_INFINITY)).toEqual([...entries(1, 2, 1), ...entries(3, 4, 2)]);
        expect(s.term(5)).toBeUndefined();
      });
      test('the whole log can be replaced from its first index', () => {
        save({ entries: entries(1, 3, 1) });
        save({ entries: [entry(1, 3)] });
        expect([s.lastIndex(), s.term(1)]).toEqual([1, 3]);
      });
    });

    describe('hard state', () => {
      test('the last saved hard state is the initial state', () => {
        save({ hardState: { term: 1, vote: 2, commit: 0 } });
        save({ entries: entries(1, 2, 1), hardState: { term: 1, vote: 2, commit: 2 } });
        expect(s.initialState().hardState).toEqual({ term: 1, vote: 2, commit: 2 });
      });
      test('a batch without a hard state keeps the stored one', () => {
        save({ hardState: { term: 3, vote: 1, commit: 0 } });
        save({ entries: entries(1, 1, 3) });
        expect(s.initialState().hardState).toEqual({ term: 3, vote: 1, commit: 0 });
      });
    });

    describe('snapshots', () => {
      test('a saved snapshot replaces the log up to its index', () => {
        save({ entries: entries(1, 5, 1) });
        save({ snapshot: snapshotAt(8, 2) });
        expect(s.snapshot()).toEqual(snapshotAt(8, 2));
        expect([s.firstIndex(), s.lastIndex(), s.term(8), s.term(5)]).toEqual([9, 8, 2, undefined]);
      });
      test('one batch applies snapshot, then entries, then hard state', () => {
        save({ snapshot: snapshotAt(10, 2), entries: entries(11, 12, 3), hardState: { term: 3, vote: 1, commit: 11 } });
        expect(visibleState(s)).toMatchObject({ first: 11, last: 12, termBefore: 2, snapshot: snapshotAt(10, 2) });
        expect(s.initialState().hardState).toEqual({ term: 3, vote: 1, commit: 11 });
      });
      test('createSnapshot records the image at an index and keeps the entries', () => {
        save({ entries: [entry(1, 1), entry(2, 2), entry(3, 2)] });
        const snap = s.createSnapshot(2, new Uint8Array([7, 7]));
        expect(snap).toEqual({ meta: { index: 2, term: 2, conf: CONF }, data: new Uint8Array([7, 7]) });
        expect(s.snapshot()).toEqual(snap);
        expect([s.firstIndex(), s.lastIndex()]).toEqual([1, 3]);
      });
      test('an older snapshot is refused and changes nothing', () => {
        save({ snapshot: snapshotAt(8, 2) });
        const before = visibleState(s);
        expect(() => save({ snapshot: snapshotAt(7, 2), entries: [entry(8, 2)] })).toThrow(RangeError);
        expect(() => s.createSnapshot(7, new Uint8Array(0))).toThrow(RangeError);
        expect(visibleState(s)).toEqual(before);
      });
      test('createSnapshot outside the stored range is refused', () => {
        save({ entries: entries(1, 3, 1) });
        expect(() => s.createSnapshot(4, new Uint8Array(0))).toThrow(RangeError);
        expect(s.snapshot().meta.index).toBe(0);
      });
    });

    describe('compaction', () => {
      beforeEach(() => {
        save({ entries: entries(1, 10, 1) });
        s.createSnapshot(6, new Uint8Array([6]));
      });
      test('removes the entries at or below the index', () => {
        s.compact(4);
        expect([s.firstIndex(), s.lastIndex(), s.term(4), s.term(3)]).toEqual([5, 10, 1, undefined]);
        expect(s.entries(5, 11, Number.POSITIVE_INFINITY)).toEqual(entries(5, 10, 1));
        expect(() => s.entries(4, 6, 100)).toThrow(RangeError);
      });
      test('up to the snapshot index is allowed, past it is refused', () => {
        expect(() => s.compact(7)).toThrow(RangeError);
        s.compact(6);
        expect(s.firstIndex()).toBe(7);
      });
      test('compacting at or below the compacted index is a no-op', () => {
        s.compact(5);
        s.compact(3);
        s.compact(5);
        expect(s.firstIndex()).toBe(6);
      });
      test('appending into the compacted prefix is refused', () => {
        s.compact(5);
        expect(() => save({ entries: [entry(5, 2)] })).toThrow(RangeError);
        expect(s.term(6)).toBe(1);
      });
    });

    describe('refused writes change nothing', () => {
      test('an append that leaves a gap', () => {
        save({ entries: entries(1, 3, 1), hardState: { term: 1, vote: 1, commit: 1 } });
        const before = visibleState(s);
        expect(() => save({ entries: [entry(5, 1)], hardState: { term: 1, vote: 1, commit: 3 } })).toThrow(RangeError);
        expect(visibleState(s)).toEqual(before);
      });
    });

    const { reopen } = harness;
    if (reopen !== undefined) {
      describe('reopen recovery', () => {
        const survives = (write: () => void) => {
          write();
          const before = visibleState(s);
          s = reopen();
          expect(visibleState(s)).toEqual(before);
        };
        test('a fresh storage', () => survives(() => undefined));
        test('entries, a truncated suffix and the hard state', () =>
          survives(() => {
            save({ entries: entries(1, 5, 1), hardState: { term: 1, vote: 3, commit: 2 } });
            save({ entries: entries(4, 6, 2), hardState: { term: 2, vote: 0, commit: 4 } });
          }));
        test('a created snapshot with entries compacted below it', () =>
          survives(() => {
            save({ entries: entries(1, 9, 1), hardState: { term: 1, vote: 1, commit: 8 } });
            s.createSnapshot(8, new Uint8Array([1, 2, 3]));
            s.compact(5);
          }));
        test('a saved snapshot followed by entries', () =>
          survives(() => {
            save({ entries: entries(1, 3, 1) });
            save({ snapshot: snapshotAt(20, 4), entries: entries(21, 22, 4), hardState: { term: 4, vote: 2, commit: 21 } });
          }));
        test('then keeps working: writes after a reopen survive the next one', () => {
          save({ entries: entries(1, 3, 1) });
          s = reopen();
          save({ entries: entries(3, 4, 2), hardState: { term: 2, vote: 1, commit: 3 } });
          survives(() => undefined);
          expect(s.lastIndex()).toBe(4);
        });
      });
    }
  });
}
