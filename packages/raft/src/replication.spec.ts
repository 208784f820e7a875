import type { Append } from './messages';
import { append, bytes, Cluster, ofType } from './test-cluster.test-util';
import { EntryKind, entrySize } from './types';

/** Log replication (Raft §5.3), flow control, and the reference's AppendEntries cases. */

describe('AppendEntries on the follower (§5.3)', () => {
  test('a follower accepts AppendEntries from the leader of its term and records that leader', () => {
    const c = new Cluster(3);
    expect(c.inject(append(2, 1, 1, [0, 0], [1, 1]))).toMatchObject([{ type: 'AppendResponse', reject: false, index: 2 }]);
    expect(c.node(1).status()).toMatchObject({ term: 1, leader: 2 });
    expect(c.logTerms(1)).toEqual([1, 1]);
  });

  test('a follower rejects AppendEntries whose prevLogTerm mismatches', () => {
    const c = new Cluster(3, { logs: { 1: [1, 1, 2] } });
    // The hint names the follower's last entry of a term <= prevLogTerm: here 3/2.
    expect(c.inject(append(2, 1, 3, [3, 3], [3]))).toMatchObject([{ type: 'AppendResponse', reject: true, index: 3, hintIndex: 3, hintTerm: 2 }]);
    expect(c.logTerms(1)).toEqual([1, 1, 2]);
  });

  test('a follower rejects AppendEntries whose prevLogIndex is past its last entry', () => {
    const c = new Cluster(3);
    expect(c.inject(append(2, 1, 1, [5, 1], [1]))).toMatchObject([{ type: 'AppendResponse', reject: true, index: 5, hintIndex: 0 }]);
    expect(c.logTerms(1)).toEqual([]);
  });

  test('a follower rejects AppendEntries of an older term and answers with its own term', () => {
    const c = new Cluster(3, { term: 3 });
    expect(c.inject(append(2, 1, 2, [0, 0], [2]))).toMatchObject([{ type: 'AppendResponse', term: 3, reject: true }]);
    expect(c.logTerms(1)).toEqual([]);
    expect(c.node(1).status().leader).toBe(0);
  });

  test('an accepted append acknowledges prevIndex + its entries, never the follower’s last index', () => {
    const c = new Cluster(3, { logs: { 1: [1, 1, 2] } });
    // The probe says nothing about entries 2 and 3, which may differ from the leader's.
    expect(c.inject(append(2, 1, 3, [1, 1]))).toMatchObject([{ type: 'AppendResponse', reject: false, index: 1 }]);
    expect(c.logTerms(1)).toEqual([1, 1, 2]);
  });

  test('a follower replaces a conflicting suffix with the leader’s entries', () => {
    const c = new Cluster(3, { logs: { 1: [1, 1, 2, 2] } });
    expect(c.inject(append(2, 1, 3, [2, 1], [3]))).toMatchObject([{ reject: false, index: 3 }]);
    expect(c.logTerms(1)).toEqual([1, 1, 3]);
  });

  test('a duplicated or reordered old Append does not truncate acknowledged entries', () => {
    const c = new Cluster(3);
    const late = append(2, 1, 1, [0, 0], [1]);
    c.inject(append(2, 1, 1, [0, 0], [1, 1, 1]));
    expect(c.inject(late)).toMatchObject([{ reject: false, index: 1 }]);
    expect(c.logTerms(1)).toEqual([1, 1, 1]);
  });

  test('a follower commits up to min(leaderCommit, the last entry the append verified)', () => {
    const c = new Cluster(3, { logs: { 1: [1, 1, 2] } });
    c.inject(append(2, 1, 3, [1, 1], [], 3));
    expect(c.commit(1)).toBe(1); // entries 2 and 3 are not verified by this append
    c.inject(append(2, 1, 3, [1, 1], [1, 3], 3));
    expect(c.commit(1)).toBe(3);
    expect(c.appliedLabels(1)).toEqual(['1/1', '2/1', '3/3']);
  });

  test('an Append below the follower’s commit index is acknowledged at the commit index', () => {
    const c = new Cluster(3, { logs: { 1: Array<number>(12).fill(1) } });
    c.inject(append(2, 1, 1, [12, 1], [], 12));
    c.storage(1).createSnapshot(10, bytes('image'));
    c.storage(1).compact(10);
    expect(c.inject(append(2, 1, 1, [5, 1], [1]))).toMatchObject([{ reject: false, index: 12 }]);
    expect(c.logTerms(1)).toEqual([1, 1]);
  });

  test('the last compacted entry anchors an Append: matching term accepted, other term rejected', () => {
    const c = new Cluster(3, { logs: { 1: Array<number>(10).fill(1) } });
    c.inject(append(2, 1, 1, [10, 1], [], 10));
    c.storage(1).createSnapshot(10, bytes('image'));
    c.storage(1).compact(10);
    expect(c.node(1).status().firstIndex).toBe(11);
    expect(c.inject(append(2, 1, 2, [10, 2], [2]))).toMatchObject([{ reject: true, index: 10 }]);
    expect(c.inject(append(2, 1, 2, [10, 1], [1]))).toMatchObject([{ reject: false, index: 11 }]);
  });

  test('entries are opaque: a follower stores every entry it is sent, whatever its bytes', () => {
    const c = new Cluster(3);
    const odd = [new Uint8Array([0xff, 0x00, 0xfe]), new Uint8Array(0), bytes('{"not": json')];
    const entries = odd.map((data, k) => ({ index: k + 1, term: 1, kind: EntryKind.Normal, data }));
    const m: Append = { ...append(2, 1, 1, [0, 0]), entries, commit: 3 };
    expect(c.inject(m)).toMatchObject([{ reject: false, index: 3 }]);
    expect(c.applied(1).map((e) => [e.index, [...e.data]])).toEqual(odd.map((data, k) => [k + 1, [...data]]));
  });
});

describe('replication from the leader', () => {
  test('a rejection hint lets the leader skip a whole conflicting term', () => {
    // Node 2 led term 2 alone and wrote five entries nobody else has.
    const c = new Cluster(3, { logs: { 1: [1, 1, 1, 1, 1, 1], 2: [1, 2, 2, 2, 2, 2], 3: [1, 1, 1, 1, 1, 1] } }).elect(1);
    const rejections = c.sent.filter(ofType('AppendResponse', (m) => m.from === 2 && m.reject));
    expect(rejections).toHaveLength(1);
    expect(c.logTerms(2)).toEqual([1, 1, 1, 1, 1, 1, 3]);
  });

  test('a follower that was paused learns the new commit index from the reply to its answer', () => {
    const c = new Cluster(3).elect(1);
    // Node 3's acknowledgement of the no-op arrived after the no-op had committed with node 2's.
    expect(c.ids.map((id) => c.commit(id))).toEqual([1, 1, 1]);
  });

  test('a follower that missed appends during a partition catches up once it heals', () => {
    const c = new Cluster(3).elect(1);
    c.isolate(3);
    for (const cmd of ['a', 'b', 'c']) c.propose(1, cmd);
    c.stabilize();
    c.heal();
    c.run(3);
    expect(c.logTerms(3)).toEqual(c.logTerms(1));
    expect(c.applied(3).map((e) => e.index)).toEqual([1, 2, 3, 4]);
  });

  test('an Append carries at most maxSizePerMsg bytes but at least one entry', () => {
    const c = new Cluster(3, { maxSizePerMsg: 100 }).elect(1);
    const before = c.sent.length;
    c.propose(1, ...Array.from({ length: 6 }, (_, k) => `command-${k}`.padEnd(26, '.'))); // 50 bytes each
    c.propose(1, 'x'.repeat(200));
    c.stabilize();
    const appends = c.sent.slice(before).filter(ofType('Append', (m) => m.to === 2 && m.entries.length > 0));
    expect(appends.map((m) => m.entries.length)).toEqual([2, 2, 2, 1]);
    for (const m of appends) expect(m.entries.length === 1 || m.entries.reduce((n, e) => n + entrySize(e), 0) <= 100).toBe(true);
    expect(c.logTerms(2)).toHaveLength(8);
  });

  test('at most maxInflightMsgs appends are outstanding per follower', () => {
    const c = new Cluster(3, { maxInflightMsgs: 2, maxSizePerMsg: 1 }).elect(1);
    c.block(ofType('AppendResponse', (m) => m.from === 2));
    const before = c.sent.length;
    c.propose(1, 'a', 'b', 'c', 'd', 'e');
    c.stabilize();
    const appendsTo = (to: number) => c.sent.slice(before).filter(ofType('Append', (m) => m.to === to && m.entries.length > 0));
    expect(appendsTo(2)).toHaveLength(2);
    expect(appendsTo(3)).toHaveLength(5);
    c.heal();
    c.run(3);
    expect(c.logTerms(2)).toEqual(c.logTerms(1));
  });

  test('heartbeats never advance a follower’s commit past its verified match', () => {
    // Node 3 led term 2 alone and wrote entry 2/2, which the new leader's no-op 2/3 will replace.
    const c = new Cluster(3, { logs: { 1: [1], 2: [1], 3: [1, 2] } });
    c.block(ofType('Append', (m) => m.to === 3));
    c.elect(1);
    expect(c.commit(1)).toBe(2);
    c.tick(1);
    c.stabilize();
    expect(c.sent.filter(ofType('Heartbeat')).map((m) => [m.to, m.commit])).toEqual([
      [2, 2],
      [3, 0],
    ]);
    expect(c.commit(3)).toBe(0);
    expect(c.applied(3)).toEqual([]);
  });
});
