import type { Heartbeat, HeartbeatResponse } from './messages';
import { ProgressState } from './progress';
import { bytes, Cluster, ofType, text } from './test-cluster.test-util';

/**
 * A follower that lost entries it had acknowledged (it restarted without its data, or from
 * an older copy). Raft's safety assumes durable state, so this is damage to repair, not a
 * case of the protocol: the follower must not trust its log, and the leader must notice
 * and rebuild it without waiting for another leader.
 */

function heartbeat(commit: number, commitTerm: number, context = ''): Heartbeat {
  return { type: 'Heartbeat', from: 2, to: 1, term: 3, commit, commitTerm, context };
}

function answer(reject: boolean, hintIndex: number, context = ''): HeartbeatResponse {
  return { type: 'HeartbeatResponse', from: 1, to: 2, term: 3, context, reject, hintIndex };
}

/** Leader 1 of three with the no-op and three commands committed everywhere; node 3 then loses its storage and restarts empty. */
function followerRestartedEmpty(compactTo?: number): Cluster {
  const c = new Cluster(3, { maxSnapshotChunkBytes: 8 }).elect(1);
  c.propose(1, 'a', 'b', 'c');
  c.run(1);
  expect(c.ids.map((id) => c.commit(id))).toEqual([4, 4, 4]);
  c.crash(3);
  c.wipe(3);
  if (compactTo !== undefined) {
    c.storage(1).createSnapshot(compactTo, bytes('image-at-4'));
    c.storage(1).compact(compactTo);
  }
  c.restart(3);
  return c;
}

describe('a follower whose log lost acknowledged entries', () => {
  test('never commits past its last index: it refuses a heartbeat commit beyond its log and names its last index', () => {
    const c = new Cluster(3, { logs: { 1: [1, 1] } });
    expect(c.inject(heartbeat(5, 3, 'read-7'))).toEqual([answer(true, 2, 'read-7')]);
    expect(c.commit(1)).toBe(0);
    expect(c.node(1).status().leader).toBe(2); // it still follows the leader of the term
  });

  test('commits nothing when it holds another term at the heartbeat’s commit index (an older copy of its log)', () => {
    const c = new Cluster(3, { logs: { 1: [1, 1, 2] } });
    // A heartbeat does not verify the log, so no prefix is known to match either: min(commit, last) would be unsafe.
    expect(c.inject(heartbeat(3, 3))).toEqual([answer(true, 2)]);
    expect(c.commit(1)).toBe(0);
    expect(c.applied(1)).toEqual([]);
  });

  test('commits a heartbeat commit whose entry it holds, and, from a sender that predates commit terms, one whose index it has', () => {
    const c = new Cluster(3, { logs: { 1: [1, 1, 2] } });
    expect(c.inject(heartbeat(2, 1))).toEqual([answer(false, 0)]);
    expect(c.commit(1)).toBe(2);
    expect(c.inject(heartbeat(3, 0))).toEqual([answer(false, 0)]);
    expect(c.commit(1)).toBe(3);
  });
});

describe('the leader of a follower that lost its log', () => {
  test('rebuilds it, log and commit index, in the same term and without an election', () => {
    const c = followerRestartedEmpty();
    const term = c.term(1);
    const since = c.sent.length;
    expect(() => c.run(5)).not.toThrow();
    expect(c.leader()).toBe(1);
    expect(c.ids.map((id) => c.term(id))).toEqual([term, term, term]);
    expect(c.sent.slice(since).filter((m) => m.type === 'PreVote' || m.type === 'Vote')).toEqual([]);
    expect(c.logTerms(3)).toEqual(c.logTerms(1));
    expect(c.commit(3)).toBe(4);
    expect(c.applied(3).map((e) => text(e.data))).toEqual(['', 'a', 'b', 'c']);
    expect(c.node(1).status().progress.get(3)).toMatchObject({ state: ProgressState.Replicate, match: 4 });
    expect(c.lostLogs(1)).toEqual([{ peer: 3, from: 1, snapshot: 0 }]);
    expect(c.lostLogs(2)).toEqual([]);
  });

  test('sends it the snapshot when the entries it lost are compacted', () => {
    const c = followerRestartedEmpty(4);
    c.run(6);
    expect(c.leader()).toBe(1);
    expect(c.restored(3).map((s) => [s.meta.index, text(s.data)])).toEqual([[4, 'image-at-4']]);
    expect(c.commit(3)).toBe(4);
    expect(c.lostLogs(1)).toEqual([{ peer: 3, from: 1, snapshot: 4 }]);
    c.propose(1, 'd');
    c.run(1);
    expect(c.applied(3).map((e) => [e.index, text(e.data)])).toEqual([[5, 'd']]);
  });

  test('rebuilds a follower restarted from an older copy whose tail the cluster replaced, which never applies that tail', () => {
    // Node 3 held 3/1..6/1 from a term-1 leader that committed none of them; leader 1 of
    // term 2 replaced them, and node 3 acknowledged the replacement.
    const c = new Cluster(3, { logs: { 1: [1, 1], 2: [1, 1], 3: [1, 1, 1, 1, 1, 1] } }).elect(1);
    c.propose(1, 'a', 'b');
    c.run(1);
    expect(c.commit(3)).toBe(5);
    c.crash(3);
    c.wipe(3, [1, 1, 1, 1, 1, 1]); // the copy from before the election: 5/1 where the cluster committed 5/2
    c.restart(3);
    c.run(5);
    expect(c.lostLogs(1)).toEqual([{ peer: 3, from: 5, snapshot: 0 }]);
    expect(c.logTerms(3)).toEqual(c.logTerms(1));
    expect(c.appliedLabels(3)).toEqual(['1/1', '2/1', '3/2', '4/2', '5/2']);
  });

  test('acts on the first rejection only: copies that arrive while it rebuilds the follower are ignored', () => {
    const c = followerRestartedEmpty();
    c.tick(1, 2); // two heartbeats on their way to node 3
    c.deliver(ofType('Heartbeat', (m) => m.to === 3));
    expect(c.inFlight.filter(ofType('HeartbeatResponse', (m) => m.from === 3 && m.reject))).toHaveLength(2);
    c.deliver(ofType('HeartbeatResponse'));
    expect(c.lostLogs(1)).toHaveLength(1);
    c.stabilize();
    expect(c.logTerms(3)).toEqual(c.logTerms(1));
  });

  test('sends commit 0 in a heartbeat to a follower whose match it has compacted (the follower could not check it)', () => {
    const c = new Cluster(3).elect(1);
    c.isolate(3);
    c.propose(1, 'a', 'b', 'c');
    c.stabilize();
    c.storage(1).createSnapshot(4, bytes('image'));
    c.storage(1).compact(4);
    const since = c.sent.length;
    c.tick(1);
    expect(c.sent.slice(since).filter(ofType('Heartbeat')).map((m) => [m.to, m.commit, m.commitTerm])).toEqual([
      [2, 4, 1],
      [3, 0, 0],
    ]);
  });

  test('ignores a rejection whose hint is at or above the follower’s match', () => {
    const c = new Cluster(3).elect(1);
    c.propose(1, 'a');
    c.run(1);
    c.inject({ type: 'HeartbeatResponse', from: 3, to: 1, term: c.term(1), context: '', reject: true, hintIndex: 2 });
    expect(c.node(1).status().progress.get(3)).toMatchObject({ state: ProgressState.Replicate, match: 2 });
    expect(c.lostLogs(1)).toEqual([]);
  });
});
