import { RaftInvariantError } from './errors';
import type { Persisted } from './ready';
import { bytes, Cluster, ofType, vote } from './test-cluster.test-util';
import { Role } from './types';

/** The Ready contract: persist, then send and apply, then advance (ARCHITECTURE.md, "The Raft core contract"). */

describe('the Ready contract', () => {
  test('messages are only reachable after persisted()', () => {
    const c = new Cluster(3);
    const node = c.node(1);
    node.step(vote(2, 1, 1, [0, 0]));
    const rd = node.ready();
    // @ts-expect-error a Ready has no messages: they come out of persisted()
    expect(rd.messages).toBeUndefined();
    // @ts-expect-error nor committed entries
    expect(rd.committedEntries).toBeUndefined();
    expect(rd.mustPersist).toBe(true);
    expect(rd.toPersist.hardState).toEqual({ term: 1, vote: 2, commit: 0 });
    c.storage(1).save(rd.toPersist);
    const done = rd.persisted();
    expect(done.messages).toMatchObject([{ type: 'VoteResponse', to: 2, reject: false }]);
    expect(rd.persisted()).toBe(done);
    node.advance(done);
  });

  test('ready() twice without advance() throws', () => {
    const c = new Cluster(3);
    c.node(1).campaign();
    c.node(1).ready();
    expect(() => c.node(1).ready()).toThrow(RaftInvariantError);
  });

  test('advance() takes only the result of the outstanding Ready', () => {
    const node = new Cluster(3).node(1);
    node.campaign();
    const forged: Persisted = { messages: [], snapshot: undefined, committedEntries: [], readStates: [] };
    const rd = node.ready();
    expect(() => node.advance(forged)).toThrow(RaftInvariantError);
    node.advance(rd.persisted());
    expect(() => node.advance(rd.persisted())).toThrow(RaftInvariantError);
  });

  test('a leader sends new entries only in the Ready that persists them', () => {
    const c = new Cluster(3).elect(1);
    const node = c.node(1);
    node.propose(bytes('x'));
    const rd = node.ready();
    expect(rd.toPersist.entries.map((e) => e.index)).toEqual([2]);
    const appends = rd.persisted().messages.filter(ofType('Append'));
    expect(appends.map((m) => [m.to, m.entries.map((e) => e.index)])).toEqual([
      [2, [2]],
      [3, [2]],
    ]);
  });

  test('a Ready asks to persist the hard state only when it changed', () => {
    const c = new Cluster(3).elect(1);
    c.node(1).tick(); // heartbeats only
    const rd = c.node(1).ready();
    expect(rd.mustPersist).toBe(false);
    expect(rd.toPersist).toEqual({ hardState: undefined, entries: [], snapshot: undefined });
    expect(rd.softState).toBeUndefined();
    expect(rd.persisted().messages.map((m) => m.type)).toEqual(['Heartbeat', 'Heartbeat']);
  });

  test('a Ready reports the soft state only when role, leader, term or transferee changed', () => {
    const c = new Cluster(3);
    c.node(1).campaign();
    const first = c.node(1).ready();
    expect(first.softState).toMatchObject({ role: Role.PreCandidate, term: 0 });
    c.node(1).advance(first.persisted());
    c.node(1).campaign(); // pre-candidate again: nothing new to report
    expect(c.node(1).ready().softState).toBeUndefined();
  });

  test('committed entries are handed out exactly once', () => {
    const c = new Cluster(3).elect(1);
    c.propose(1, 'a');
    c.run(5);
    for (const id of c.ids) expect(c.applied(id).map((e) => e.index)).toEqual([1, 2]);
    expect(c.ids.map((id) => c.node(id).hasReady())).toEqual([false, false, false]);
  });

  test('one Ready hands out at most maxCommittedSizePerReady bytes of committed entries, but at least one', () => {
    const c = new Cluster(1, { maxCommittedSizePerReady: 100 }).elect(1);
    const node = c.node(1);
    node.proposeBatch(['aaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbbb', 'x'.repeat(100)].map(bytes)); // 50, 50, 124 bytes
    const batches: number[][] = [];
    while (node.hasReady()) {
      const rd = node.ready();
      c.storage(1).save(rd.toPersist);
      const done = rd.persisted();
      batches.push(done.committedEntries.map((e) => e.index));
      node.advance(done);
    }
    expect(batches).toEqual([[2, 3], [4]]);
  });

  test('restart from storage restores term, vote, commit and log', () => {
    const c = new Cluster(3).elect(1);
    c.propose(1, 'a', 'b');
    c.stabilize();
    const before = c.node(2).status();
    c.crash(2);
    const after = c.restart(2).status();
    expect(after.hardState).toEqual(before.hardState);
    expect(after.hardState).toEqual({ term: 1, vote: 1, commit: 3 });
    expect([after.firstIndex, after.lastIndex]).toEqual([1, 3]);
    expect(after).toMatchObject({ role: Role.Follower, leader: 0, term: 1 });
  });

  test('a restarted node hands out again the committed entries after its `applied` index', () => {
    const c = new Cluster(3).elect(1);
    c.propose(1, 'a', 'b');
    c.stabilize();
    c.crash(2);
    c.restart(2, { applied: 2 });
    c.flush();
    expect(c.applied(2).map((e) => e.index)).toEqual([1, 2, 3, 3]);
  });

  test('entries not yet persisted are lost in a crash, and nothing acknowledged them', () => {
    const c = new Cluster(3).elect(1);
    c.propose(1, 'a');
    const [toTwo] = c.take(ofType('Append', (m) => m.to === 2));
    c.node(2).step(toTwo!);
    c.node(2).ready(); // handed out, never persisted
    c.crash(2);
    expect(c.sent.filter(ofType('AppendResponse', (m) => m.from === 2 && m.index === 2))).toEqual([]);
    c.restart(2);
    expect(c.node(2).status().lastIndex).toBe(1);
    c.run(3);
    expect(c.logTerms(2)).toEqual([1, 1]);
  });
});
