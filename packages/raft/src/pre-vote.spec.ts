import { Cluster, ofType, vote } from './test-cluster.test-util';
import { Role } from './types';

/** Pre-vote (Raft thesis §9.6): a node asks whether it could win before it disturbs anyone's term. */

describe('pre-vote (thesis §9.6)', () => {
  test('a pre-candidate asks for votes for term + 1 without leaving its term or persisting anything', () => {
    const c = new Cluster(3);
    c.node(1).campaign();
    expect(c.node(1).status()).toMatchObject({ role: Role.PreCandidate, term: 0 });
    expect(c.take(ofType('PreVote')).map((m) => [m.to, m.term])).toEqual([
      [2, 1],
      [3, 1],
    ]);
    expect(c.hardStates(1)).toEqual([]);
  });

  test('a pre-candidate that a majority would vote for starts the real election', () => {
    const c = new Cluster(3);
    c.node(1).campaign();
    c.deliver(ofType('PreVote'));
    c.deliver(ofType('PreVoteResponse'));
    expect(c.node(1).status()).toMatchObject({ role: Role.Candidate, term: 1 });
    expect(c.inFlight.filter(ofType('Vote')).map((m) => [m.to, m.term])).toEqual([
      [2, 1],
      [3, 1],
    ]);
  });

  test('a pre-candidate rejected by a majority goes back to follower without raising its term', () => {
    const c = new Cluster(3);
    c.node(1).campaign();
    c.take();
    for (const from of [2, 3]) c.inject({ type: 'PreVoteResponse', from, to: 1, term: 0, reject: true });
    expect(c.node(1).status()).toMatchObject({ role: Role.Follower, term: 0 });
  });

  test('a pre-vote is granted for a future term without changing the voter’s term or vote', () => {
    const c = new Cluster(3);
    c.inject(vote(3, 1, 1, [0, 0]));
    expect(c.inject(vote(2, 1, 2, [0, 0], true))).toEqual([{ type: 'PreVoteResponse', from: 1, to: 2, term: 2, reject: false }]);
    expect(c.node(1).status().hardState).toEqual({ term: 1, vote: 3, commit: 0 });
  });

  test('a pre-vote is refused to a node whose log is behind', () => {
    const c = new Cluster(3, { logs: { 1: [1] } });
    expect(c.inject(vote(2, 1, 2, [0, 0], true))).toMatchObject([{ type: 'PreVoteResponse', reject: true }]);
  });

  test('a stale pre-candidate is refused with the voter’s newer term, and adopts it', () => {
    const voter = new Cluster(3, { term: 5 });
    const [reply] = voter.inject(vote(2, 1, 3, [0, 0], true));
    expect(reply).toMatchObject({ type: 'PreVoteResponse', from: 1, to: 2, term: 5, reject: true });

    const stale = new Cluster(3, { term: 2 });
    stale.node(2).campaign();
    stale.inject(reply!);
    expect(stale.node(2).status()).toMatchObject({ role: Role.Follower, term: 5 });
  });

  test('a partitioned node rejoining with pre-vote does not raise the term or disrupt the leader', () => {
    const c = new Cluster(3).elect(1);
    c.isolate(3);
    c.run(60); // node 3 times out again and again
    expect(c.term(3)).toBe(1);
    c.heal();
    c.run(5);
    expect(c.leader()).toBe(1);
    expect(c.ids.map((id) => [c.term(id), c.node(id).status().leader])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
  });
});
