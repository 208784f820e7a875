import { Cluster, ofType } from './test-cluster.test-util';
import { Role } from './types';

/** Linearizable reads through the read index (Raft thesis §6.4). */

describe('read index (thesis §6.4)', () => {
  test('read index waits for the first commit of the leader’s term', () => {
    const c = new Cluster(3);
    c.block(ofType('AppendResponse'));
    c.elect(1);
    expect(c.node(1).readIndex('r')).toEqual({ ok: true });
    c.run(3); // heartbeats are answered, but the no-op has not committed
    expect(c.readStates(1)).toEqual([]);
    c.heal();
    c.run(2);
    expect(c.commit(1)).toBe(1);
    expect(c.readStates(1)).toEqual([{ context: 'r', index: 1 }]);
  });

  test('read index waits for a heartbeat quorum that confirms the leader', () => {
    const c = new Cluster(5).elect(1);
    c.propose(1, 'a');
    c.stabilize();
    c.block(ofType('HeartbeatResponse', (m) => m.from !== 2));
    c.node(1).readIndex('r');
    c.stabilize();
    expect(c.readStates(1)).toEqual([]); // the leader and node 2 are two of five
    c.heal();
    c.block(ofType('HeartbeatResponse', (m) => m.from > 3));
    c.run(1);
    expect(c.readStates(1)).toEqual([{ context: 'r', index: 2 }]);
  });

  test('a quorum for a later read round confirms every earlier one, in order', () => {
    const c = new Cluster(3).elect(1);
    c.block(ofType('HeartbeatResponse'));
    c.node(1).readIndex('first');
    c.stabilize();
    c.heal();
    c.node(1).readIndex('second');
    c.stabilize();
    expect(c.readStates(1).map((rs) => rs.context)).toEqual(['first', 'second']);
  });

  test('a follower’s read is forwarded to the leader and answered with the leader’s commit index', () => {
    const c = new Cluster(3).elect(1);
    c.propose(1, 'a', 'b');
    c.stabilize();
    expect(c.node(2).readIndex('f')).toEqual({ ok: true });
    c.stabilize();
    expect(c.readStates(2)).toEqual([{ context: 'f', index: 3 }]);
    expect(c.readStates(1)).toEqual([]);
  });

  test('a read without a known leader is refused at once', () => {
    const c = new Cluster(3);
    expect(c.node(1).readIndex('r')).toMatchObject({ ok: false });
  });

  test('a single-node leader answers a read at once', () => {
    const c = new Cluster(1).elect(1);
    c.node(1).readIndex('r');
    c.flush();
    expect(c.readStates(1)).toEqual([{ context: 'r', index: 1 }]);
  });

  test('reads pending on a leader that steps down are never answered, even once it leads again', () => {
    const c = new Cluster(3).elect(1);
    c.isolate(1);
    c.node(1).readIndex('r'); // its commit index may already be stale: another leader may be writing
    c.tick(1, 20);
    expect(c.role(1)).toBe(Role.Follower);
    c.heal();
    for (const id of [2, 3]) c.tick(id, 10); // their lease on node 1 runs out
    c.elect(1);
    c.run(5);
    expect(c.term(1)).toBe(2);
    expect(c.readStates(1)).toEqual([]);
  });
});
