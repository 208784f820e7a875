import { Cluster, ofType, vote } from './test-cluster.test-util';
import { NONE, Role } from './types';

/** Check-quorum and the leader lease (Raft thesis §6.2, §4.2.3). */

describe('check-quorum (thesis §6.2)', () => {
  test('an isolated leader steps down after an election timeout (check-quorum)', () => {
    const c = new Cluster(3).elect(1);
    c.isolate(1);
    let ticks = 0;
    while (c.role(1) === Role.Leader && ticks < 100) {
      c.tick(1);
      ticks++;
    }
    // The first check may still count answers from before the partition; the next one cannot.
    expect(ticks).toBeGreaterThanOrEqual(10);
    expect(ticks).toBeLessThanOrEqual(20);
    expect(c.node(1).status()).toMatchObject({ role: Role.Follower, term: 1, leader: NONE });
    expect(c.node(1).propose(new Uint8Array([1]))).toEqual({ ok: false, reason: 'not-leader', leader: NONE });
  });

  test('a new leader counts no peer as active until that peer answers it', () => {
    const c = new Cluster(3);
    c.block(ofType('AppendResponse'));
    c.elect(1);
    const active = () => [...c.node(1).status().progress].map(([id, pr]) => [id, pr.recentActive]);
    expect(active()).toEqual([
      [1, true],
      [2, false],
      [3, false],
    ]);
    c.heal();
    c.run(1);
    expect(active()).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
  });

  test('a leader that hears from a majority keeps leading', () => {
    const c = new Cluster(3).elect(1);
    c.isolate(3);
    c.run(100);
    expect(c.leader()).toBe(1);
    expect(c.term(1)).toBe(1);
  });

  test('a follower that heard from its leader within the election timeout ignores vote requests (leader lease, thesis §4.2.3)', () => {
    const c = new Cluster(3).elect(1);
    c.node(2).setCampaignEnabled(false);
    expect(c.inject(vote(3, 2, 2, [1, 1]))).toEqual([]);
    expect(c.inject(vote(3, 2, 2, [1, 1], true))).toEqual([]);
    expect(c.node(2).status()).toMatchObject({ term: 1, leader: 1 });

    c.tick(2, 10); // the lease runs out without a word from the leader
    expect(c.inject(vote(3, 2, 2, [1, 1]))).toMatchObject([{ type: 'VoteResponse', term: 2, reject: false }]);
  });
});
