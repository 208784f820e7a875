import type { VoteResponse } from './messages';
import { Cluster, ofType, vote } from './test-cluster.test-util';
import { EntryKind, NONE, type NodeId, Role } from './types';

/** Raft §5.2 (leader election) and §5.4.1 (election restriction), plus the reference's vote cases. */

function voteResponse(from: NodeId, to: NodeId, term: number, reject: boolean): VoteResponse {
  return { type: 'VoteResponse', from, to, term, reject };
}

/** Ticks node 1 of a fresh cluster until it campaigns; returns how many ticks that took. */
function ticksToCampaign(seed: number): number {
  const c = new Cluster(3, { seed, preVote: false });
  let ticks = 0;
  while (c.role(1) === Role.Follower) {
    c.tick(1);
    ticks++;
  }
  return ticks;
}

describe('leader election (§5.2)', () => {
  test('a follower that hears from no leader for an election timeout becomes a candidate and asks every peer for its vote', () => {
    const c = new Cluster(3, { preVote: false });
    c.tick(1, 9);
    expect(c.role(1)).toBe(Role.Follower);
    c.tick(1, 11);
    expect(c.node(1).status()).toMatchObject({ role: Role.Candidate, term: 1, hardState: { term: 1, vote: 1 } });
    expect(c.take(ofType('Vote')).map((m) => [m.to, m.term])).toEqual([
      [2, 1],
      [3, 1],
    ]);
  });

  test('election timeouts are drawn from [electionTick, 2 × electionTick] by the seeded generator', () => {
    const draws = Array.from({ length: 40 }, (_, seed) => ticksToCampaign(seed));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...draws)).toBeLessThanOrEqual(20);
    expect(new Set(draws).size).toBeGreaterThan(4);
    expect(draws.map((_, seed) => ticksToCampaign(seed))).toEqual(draws);
  });

  test('an election needs a real majority of votes for 1, 2, 3, 4, 5 and 7 voters', () => {
    const votesToWin = (voters: number): number => {
      for (let votes = 1; votes <= voters; votes++) {
        const c = new Cluster(voters, { preVote: false });
        c.node(1).campaign();
        c.take();
        for (let peer = 2; peer <= votes; peer++) c.inject(voteResponse(peer, 1, 1, false));
        if (c.role(1) === Role.Leader) return votes;
      }
      return NaN;
    };
    expect([1, 2, 3, 4, 5, 7].map(votesToWin)).toEqual([1, 2, 2, 3, 3, 4]);
  });

  test('a candidate that wins a majority becomes leader and the others follow it', () => {
    const c = new Cluster(3).elect(2);
    c.run(1);
    expect(c.ids.map((id) => [c.role(id), c.node(id).status().leader, c.term(id)])).toEqual([
      [Role.Follower, 2, 1],
      [Role.Leader, 2, 1],
      [Role.Follower, 2, 1],
    ]);
  });

  test('a single-node cluster elects itself when its election timer fires', () => {
    const c = new Cluster(1);
    c.tick(1, 20);
    expect(c.node(1).status()).toMatchObject({ role: Role.Leader, term: 1, hardState: { commit: 1 } });
  });

  test('a candidate rejected by a majority returns to follower in the same term', () => {
    const c = new Cluster(3, { preVote: false });
    c.node(1).campaign();
    c.take();
    c.inject(voteResponse(2, 1, 1, true));
    expect(c.role(1)).toBe(Role.Candidate);
    c.inject(voteResponse(3, 1, 1, true));
    expect(c.node(1).status()).toMatchObject({ role: Role.Follower, term: 1 });
  });

  test('a candidate that hears from a leader of its term or a newer one becomes its follower', () => {
    const c = new Cluster(3, { preVote: false });
    c.node(1).campaign();
    c.inject({ type: 'Heartbeat', from: 2, to: 1, term: 1, commit: 0, commitTerm: 0, context: '' });
    expect(c.node(1).status()).toMatchObject({ role: Role.Follower, term: 1, leader: 2 });

    c.node(1).campaign();
    c.inject({ type: 'Append', from: 3, to: 1, term: 5, prevIndex: 0, prevTerm: 0, entries: [], commit: 0 });
    expect(c.node(1).status()).toMatchObject({ role: Role.Follower, term: 5, leader: 3 });
  });

  test('a new campaign counts only the votes of its own term', () => {
    const c = new Cluster(5, { preVote: false });
    c.node(1).campaign();
    c.inject(voteResponse(2, 1, 1, false));
    c.node(1).campaign();
    expect(c.term(1)).toBe(2);
    c.inject(voteResponse(2, 1, 1, false)); // a late grant from the last campaign
    c.inject(voteResponse(3, 1, 2, false));
    expect(c.role(1)).toBe(Role.Candidate);
    c.inject(voteResponse(4, 1, 2, false));
    expect(c.role(1)).toBe(Role.Leader);
  });

  test('a new leader appends a no-op entry of its term, which every node applies', () => {
    const c = new Cluster(3).elect(1);
    expect(c.storage(1).entries(1, 2, Infinity)).toMatchObject([{ index: 1, term: 1, kind: EntryKind.Noop }]);
    c.run(1);
    for (const id of c.ids) {
      expect(c.applied(id).map((e) => [e.index, e.term, e.kind])).toEqual([[1, 1, EntryKind.Noop]]);
    }
  });

  test('a leader steps down as soon as any reply carries a newer term (§5.1)', () => {
    const c = new Cluster(3, { checkQuorum: false }).elect(1);
    c.isolate(1);
    c.elect(2);
    c.heal();
    c.tick(1); // a heartbeat of term 1, answered with term 2
    c.stabilize();
    expect(c.node(1).status()).toMatchObject({ role: Role.Follower, term: 2 });
    expect(c.leader()).toBe(2);
  });
});

describe('voting (§5.2, §5.4.1)', () => {
  test('a voter grants a vote and adopts the candidate’s newer term', () => {
    const c = new Cluster(3, { term: 1 });
    expect(c.inject(vote(2, 1, 2, [0, 0]))).toEqual([{ type: 'VoteResponse', from: 1, to: 2, term: 2, reject: false }]);
    expect(c.node(1).status().hardState).toEqual({ term: 2, vote: 2, commit: 0 });
  });

  test('a node grants at most one vote per term', () => {
    const c = new Cluster(3);
    const granted = (m: ReturnType<Cluster['inject']>) => m.map((r) => r.type === 'VoteResponse' && !r.reject);
    expect(granted(c.inject(vote(2, 1, 1, [0, 0])))).toEqual([true]);
    expect(granted(c.inject(vote(3, 1, 1, [0, 0])))).toEqual([false]);
    expect(granted(c.inject(vote(2, 1, 1, [0, 0])))).toEqual([true]); // the same candidate asking again
    expect(c.node(1).status().hardState.vote).toBe(2);
  });

  test('a vote survives a restart: the node still refuses a second candidate in that term', () => {
    const c = new Cluster(3);
    c.inject(vote(2, 1, 1, [0, 0]));
    c.crash(1);
    c.restart(1);
    expect(c.node(1).status().hardState).toMatchObject({ term: 1, vote: 2 });
    expect(c.inject(vote(3, 1, 1, [0, 0]))).toMatchObject([{ type: 'VoteResponse', reject: true }]);
  });

  test('a voter refuses a candidate whose log is less up to date: last term first, then length (§5.4.1)', () => {
    const c = new Cluster(5, { logs: { 1: [1, 2] } });
    const answer = (candidate: NodeId, term: number, last: [number, number]) => {
      const [reply] = c.inject(vote(candidate, 1, term, last));
      return reply?.type === 'VoteResponse' && !reply.reject;
    };
    expect(answer(2, 3, [5, 1])).toBe(false); // longer, but an older last term
    expect(answer(3, 3, [1, 2])).toBe(false); // same last term, shorter
    expect(c.node(1).status().hardState).toEqual({ term: 3, vote: NONE, commit: 0 });
    expect(answer(4, 3, [2, 2])).toBe(true); // exactly as up to date
    expect(answer(5, 4, [1, 3])).toBe(true); // a newer last term wins over length
  });

  test('a vote request from an older term is ignored and changes nothing', () => {
    const c = new Cluster(3, { term: 5 });
    expect(c.inject(vote(2, 1, 3, [0, 0]))).toEqual([]);
    expect(c.node(1).status().hardState).toEqual({ term: 5, vote: NONE, commit: 0 });
  });
});
