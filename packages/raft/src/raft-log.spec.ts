import { RaftInvariantError } from './errors';
import { RaftLog } from './raft-log';
import { bytes, entry, storageWith } from './test-cluster.test-util';

/** The log's own rules, visible only on RaftLog: stable storage plus the unstable tail. */

/** A log with entries of `stored` terms in storage, then `unstable` terms not yet persisted. */
function log(stored: readonly number[], unstable: readonly number[] = [], data = ''): RaftLog {
  const s = storageWith([1], []);
  if (stored.length > 0) s.append(stored.map((t, k) => entry(k + 1, t, data)));
  const l = new RaftLog(s);
  if (unstable.length > 0) l.append(unstable.map((t, k) => entry(stored.length + 1 + k, t, data)));
  return l;
}

describe('the Raft log', () => {
  test('a log is at least as up to date if its last term is higher, or equal with an index as high (§5.4.1)', () => {
    const l = log([1, 2]);
    expect([l.isUpToDate(1, 3), l.isUpToDate(5, 1), l.isUpToDate(2, 2), l.isUpToDate(1, 2), l.isUpToDate(3, 2)]).toEqual([
      true,
      false,
      true,
      false,
      true,
    ]);
  });

  test('the conflict search finds the last index whose term is at most the given term', () => {
    const l = log([1, 1, 2, 2, 3]);
    expect([l.findConflictByTerm(5, 2), l.findConflictByTerm(5, 1), l.findConflictByTerm(5, 0), l.findConflictByTerm(9, 3)]).toEqual([
      [4, 2],
      [2, 1],
      [0, 0],
      [5, 3],
    ]);
  });

  test('term() is defined from firstIndex - 1 to lastIndex, across storage and the unstable tail', () => {
    const s = storageWith([1], [1, 1, 2]);
    s.createSnapshot(1, bytes('image'));
    s.compact(1);
    const l = new RaftLog(s);
    l.append([entry(4, 3)]);
    expect([0, 1, 2, 3, 4, 5].map((i) => l.term(i))).toEqual([undefined, 1, 1, 2, 3, undefined]);
  });

  test('an entry at or below the commit index is never rewritten', () => {
    const l = log([1, 1, 1]);
    l.commitTo(2);
    expect(() => l.append([entry(2, 2)])).toThrow(RaftInvariantError);
    expect(() => l.maybeAppend(1, 1, 0, [entry(2, 2)])).toThrow(RaftInvariantError); // an append that would truncate it
  });

  test('the commit index never moves backwards nor past the last index', () => {
    const l = log([1, 1, 1]);
    l.commitTo(2);
    l.commitTo(1);
    expect(l.committed).toBe(2);
    expect(() => l.commitTo(4)).toThrow(RaftInvariantError);
  });

  test('the applied index never passes the commit index', () => {
    const l = log([1, 1, 1]);
    l.commitTo(2);
    l.appliedTo(2);
    expect(() => l.appliedTo(3)).toThrow(RaftInvariantError);
  });

  test('a conflicting append replaces the unstable tail from its first index', () => {
    const l = log([1, 1], [1, 1]);
    l.append([entry(3, 2)]);
    expect([l.lastIndex(), l.term(3), l.term(4)]).toEqual([3, 2, undefined]);
    l.append([entry(2, 3)]); // reaches into stable storage: rewritten once persisted
    expect([l.lastIndex(), l.term(1), l.term(2), l.unstable.offset]).toEqual([2, 1, 3, 2]);
  });

  test('a slice holds at most maxBytes but at least one entry, across storage and the unstable tail', () => {
    const l = log([1, 1, 1], [1, 1], 'x'.repeat(26)); // 50 bytes per entry
    const indexes = (lo: number, hi: number, max: number) => l.slice(lo, hi, max).map((e) => e.index);
    expect(indexes(1, 6, 120)).toEqual([1, 2]);
    expect(indexes(3, 6, 120)).toEqual([3, 4]);
    expect(indexes(1, 6, 1)).toEqual([1]);
    expect(indexes(4, 6, 1)).toEqual([4]);
    expect(indexes(1, 6, Infinity)).toEqual([1, 2, 3, 4, 5]);
  });

  test('restoring a snapshot replaces the log and commits its index', () => {
    const l = log([1, 1, 1, 1]);
    l.restore({ meta: { index: 7, term: 2, conf: { voters: [1] } }, data: bytes('image') });
    expect([l.firstIndex(), l.lastIndex(), l.term(7), l.committed]).toEqual([8, 7, 2, 7]);
  });
});
