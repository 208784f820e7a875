import { MemoryStorage } from './memory-storage';
import { RawNode } from './raw-node';
import { SeededRng } from './rng';
import { bytes, entry, label, storageWith } from './test-cluster.test-util';
import { EMPTY_HARD_STATE } from './types';

/** MemoryStorage against the Storage contract (storage.ts), and the reference's persistence cases. */

const all = (s: MemoryStorage) => s.entries(s.firstIndex(), s.lastIndex() + 1, Infinity).map(label);

/** Five entries of terms 1, 1, 1, 2, 2, with a snapshot at 3 and everything up to it compacted. */
function compacted(): MemoryStorage {
  const s = storageWith([1, 2, 3], [1, 1, 1, 2, 2]);
  s.save({ hardState: { term: 2, vote: 1, commit: 5 }, entries: [], snapshot: undefined });
  s.createSnapshot(3, bytes('image-at-3'));
  s.compact(3);
  return s;
}

describe('MemoryStorage', () => {
  test('a fresh storage holds nothing: empty hard state, no entries, term(0) = 0, the initial voters', () => {
    const s = new MemoryStorage({ voters: [1, 2, 3] });
    expect(s.initialState()).toEqual({ hardState: EMPTY_HARD_STATE, conf: { voters: [1, 2, 3] } });
    expect([s.firstIndex(), s.lastIndex(), s.term(0), s.term(1)]).toEqual([1, 0, 0, undefined]);
    expect(s.snapshot().meta.index).toBe(0);
  });

  test('saved hard state and entries are read back in order', () => {
    const s = new MemoryStorage({ voters: [1] });
    s.save({ hardState: { term: 5, vote: 3, commit: 0 }, entries: [entry(1, 1), entry(2, 1), entry(3, 2)], snapshot: undefined });
    expect(s.initialState().hardState).toEqual({ term: 5, vote: 3, commit: 0 });
    expect(all(s)).toEqual(['1/1', '2/1', '3/2']);
  });

  test('saving entries from an index replaces the stored suffix from there', () => {
    const s = storageWith([1], [1, 1, 1, 1, 1]);
    s.append([entry(3, 2)]);
    expect(all(s)).toEqual(['1/1', '2/1', '3/2']);
    expect(() => s.append([entry(5, 2)])).toThrow(RangeError); // a gap
  });

  test('entries() returns at most maxBytes but at least one entry', () => {
    const s = new MemoryStorage({ voters: [1] });
    s.append([1, 2, 3].map((i) => entry(i, 1, 'x'.repeat(26)))); // 50 bytes each
    expect(s.entries(1, 4, 120).map((e) => e.index)).toEqual([1, 2]);
    expect(s.entries(1, 4, 1).map((e) => e.index)).toEqual([1]);
  });

  test('a snapshot then compaction discards the entries it covers and keeps the rest', () => {
    const s = compacted();
    expect([s.firstIndex(), s.lastIndex(), s.term(3), s.term(2)]).toEqual([4, 5, 1, undefined]);
    expect(all(s)).toEqual(['4/2', '5/2']);
    expect(s.snapshot().meta).toMatchObject({ index: 3, term: 1 });
    expect(() => s.entries(2, 4, Infinity)).toThrow(RangeError);
  });

  test('compaction never passes the latest snapshot', () => {
    const s = compacted();
    expect(() => s.compact(4)).toThrow(RangeError);
  });

  test('a node restarts from a compacted storage', () => {
    const node = new RawNode({ id: 1, storage: compacted(), rng: new SeededRng(1), electionTick: 10, heartbeatTick: 1 });
    expect(node.status()).toMatchObject({ hardState: { term: 2, vote: 1, commit: 5 }, applied: 3, firstIndex: 4, lastIndex: 5 });
    expect(node.ready().persisted().committedEntries.map((e) => e.index)).toEqual([4, 5]);
  });

  test('a snapshot from the leader replaces the whole log, and an older one is refused', () => {
    const s = compacted();
    const snap = { meta: { index: 9, term: 3, conf: { voters: [1, 2, 3] } }, data: bytes('image-at-9') };
    s.save({ hardState: undefined, entries: [], snapshot: snap });
    expect([s.firstIndex(), s.lastIndex(), s.term(9)]).toEqual([10, 9, 3]);
    expect(() => s.applySnapshot({ ...snap, meta: { ...snap.meta, index: 8 } })).toThrow(RangeError);
  });
});
