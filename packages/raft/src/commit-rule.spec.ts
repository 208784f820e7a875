import { bytes, Cluster, ofType } from './test-cluster.test-util';
import { EntryKind } from './types';

/** When an entry is committed (Raft §5.3, §5.4.2, Figure 8). */

/** The fewest nodes (leader included) that must hold an entry before it commits, in a cluster of `voters`; NaN if none do. */
function replicasToCommit(voters: number): number {
  for (let holders = 1; holders <= voters; holders++) {
    const c = new Cluster(voters).elect(1);
    c.block(ofType('Append', (m) => m.to > holders));
    const [proposed] = c.propose(1, 'x');
    c.stabilize();
    if (proposed?.ok && c.commit(1) === proposed.index) return holders;
  }
  return NaN;
}

describe('the commit rule', () => {
  test('the commit index needs a real majority for 1, 2, 3, 4, 5 and 7 voters', () => {
    expect([1, 2, 3, 4, 5, 7].map(replicasToCommit)).toEqual([1, 2, 2, 3, 3, 4]);
  });

  test('a leader only commits entries of its own term by counting replicas (Figure 8)', () => {
    // Node 1 led term 2 and wrote 2/2 before losing leadership; it now leads term 3.
    const c = new Cluster(5, { logs: { 1: [1, 2], 2: [1], 3: [1], 4: [1], 5: [1] }, maxSizePerMsg: 1 });
    c.node(1).campaign();
    for (const type of ['PreVote', 'PreVoteResponse', 'Vote', 'VoteResponse'] as const) c.deliver(ofType(type));
    expect(c.term(1)).toBe(3);
    c.deliver(ofType('Append')); // probes after 2/2: rejected
    c.deliver(ofType('AppendResponse'));
    c.deliver(ofType('Append')); // 2/2 alone (one entry per message)
    c.deliver(ofType('AppendResponse'));
    expect(c.ids.map((id) => c.logTerms(id))).toEqual([[1, 2, 3], [1, 2], [1, 2], [1, 2], [1, 2]]);
    expect(c.commit(1)).toBe(0); // 2/2 is on every node, but it is of an older term
    c.stabilize();
    expect(c.commit(1)).toBe(3);
    expect(c.appliedLabels(1)).toEqual(['1/1', '2/2', '3/3']);
  });

  test('a new leader’s no-op commits the entries of earlier terms (§5.4.2)', () => {
    const c = new Cluster(3, { logs: { 1: [1, 2], 2: [1, 2], 3: [1] } }).elect(1);
    expect(c.commit(1)).toBe(3);
    expect(c.applied(1).map((e) => [e.index, e.term, e.kind])).toEqual([
      [1, 1, EntryKind.Normal],
      [2, 2, EntryKind.Normal],
      [3, 3, EntryKind.Noop],
    ]);
  });

  test('a single-node cluster commits immediately, in the Ready that persists the entry', () => {
    const c = new Cluster(1).elect(1);
    const node = c.node(1);
    expect(node.propose(bytes('x'))).toEqual({ ok: true, index: 2, term: 1 });
    const rd = node.ready();
    expect(rd.toPersist.entries.map((e) => e.index)).toEqual([2]);
    expect(rd.toPersist.hardState?.commit).toBe(2);
    c.storage(1).save(rd.toPersist);
    const done = rd.persisted();
    expect(done.committedEntries.map((e) => e.index)).toEqual([2]);
    node.advance(done);
    expect(node.hasReady()).toBe(false);
  });
});
