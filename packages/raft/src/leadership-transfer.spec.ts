import { Cluster, ofType } from './test-cluster.test-util';
import { NONE, Role } from './types';

/** Leadership transfer (Raft thesis §3.10). */

/** Leader 1 with entries that node 3 has not received yet. */
function laggingTarget(): Cluster {
  const c = new Cluster(3).elect(1);
  c.block(ofType('Append', (m) => m.to === 3));
  c.propose(1, 'a', 'b');
  c.stabilize();
  c.heal();
  return c;
}

describe('leadership transfer (thesis §3.10)', () => {
  test('transfer catches the target up, then sends TimeoutNow to it alone', () => {
    const c = laggingTarget();
    expect(c.node(1).transferLeadership(3)).toEqual({ ok: true });
    expect(c.take(ofType('TimeoutNow'))).toEqual([]); // node 3 lacks entries 2 and 3
    c.node(1).transferLeadership(3); // asking again changes nothing
    c.stabilize();
    const caughtUp = c.sent.findIndex((m) => m.type === 'AppendResponse' && m.from === 3 && !m.reject && m.index === 3);
    const timeoutNows = c.sent.flatMap((m, at) => (m.type === 'TimeoutNow' ? [[m.to, at > caughtUp]] : []));
    expect(timeoutNows).toEqual([[3, true]]);
    expect(c.leader()).toBe(3);
    expect(c.ids.map((id) => c.term(id))).toEqual([2, 2, 2]);
  });

  test('the target campaigns at once, skipping pre-vote, and voters inside their leader lease still grant it', () => {
    const c = new Cluster(3).elect(1);
    c.node(1).transferLeadership(2);
    c.stabilize(); // no tick: every follower's lease is fresh
    expect(c.leader()).toBe(2);
    expect(c.sent.filter((m) => m.type === 'PreVote' && m.from === 2)).toEqual([]);
    expect(c.sent.filter(ofType('Vote', (m) => m.from === 2)).map((m) => m.transfer)).toEqual([true, true]);
  });

  test('a leader refuses proposals while a transfer is in progress', () => {
    const c = new Cluster(3).elect(1);
    c.isolate(3);
    c.node(1).transferLeadership(3);
    expect(c.node(1).status().transferee).toBe(3);
    expect(c.propose(1, 'x')).toEqual([{ ok: false, reason: 'transfer-in-progress', leader: 1 }]);
  });

  test('transfer aborts after an election timeout', () => {
    const c = new Cluster(3).elect(1);
    c.isolate(3);
    c.node(1).transferLeadership(3);
    c.run(9);
    expect(c.node(1).status().transferee).toBe(3);
    c.run(1);
    expect(c.node(1).status()).toMatchObject({ role: Role.Leader, transferee: NONE, term: 1 });
    expect(c.propose(1, 'x')).toMatchObject([{ ok: true }]);
  });

  test('terms never move backwards during a transfer, and nobody votes twice in a term', () => {
    const c = laggingTarget();
    c.node(1).transferLeadership(3);
    c.stabilize();
    const timeoutNow = c.sent.find(ofType('TimeoutNow'))!;
    c.inject(timeoutNow); // a duplicate arriving after the transfer: node 3 already leads
    c.inject({ ...timeoutNow, to: 2 }); // and one to a node that was never the target
    c.run(3);
    expect(c.leader()).toBe(3);
    for (const id of c.ids) {
      const history = c.hardStates(id);
      expect(history.map((hs) => hs.term)).toEqual([...history.map((hs) => hs.term)].sort((a, b) => a - b));
      const votes = new Map<number, Set<number>>();
      for (const hs of history) if (hs.vote !== NONE) votes.set(hs.term, (votes.get(hs.term) ?? new Set()).add(hs.vote));
      expect([...votes.values()].every((v) => v.size === 1)).toBe(true);
      expect(c.node(id).status().hardState).toMatchObject({ term: 2, vote: 3 });
    }
  });

  test('a TimeoutNow from anyone but the current leader is ignored', () => {
    const c = new Cluster(3).elect(1);
    c.inject({ type: 'TimeoutNow', from: 3, to: 2, term: 1 });
    expect(c.node(2).status()).toMatchObject({ role: Role.Follower, term: 1, leader: 1 });
    expect(c.take(ofType('Vote'))).toEqual([]);
  });

  test('a node that may not campaign (drained) ignores TimeoutNow, and the transfer lapses', () => {
    const c = new Cluster(3).elect(1);
    c.node(2).setCampaignEnabled(false);
    c.node(1).transferLeadership(2);
    c.run(10);
    expect(c.leader()).toBe(1);
    expect(c.node(1).status().transferee).toBe(NONE);
  });

  test('a transfer is refused by a follower, and to the leader itself or an unknown node', () => {
    const c = new Cluster(3).elect(1);
    expect(c.node(2).transferLeadership(3)).toMatchObject({ ok: false });
    expect(c.node(1).transferLeadership(1)).toMatchObject({ ok: false });
    expect(c.node(1).transferLeadership(9)).toMatchObject({ ok: false });
    expect(c.node(1).status().transferee).toBe(NONE);
  });
});
