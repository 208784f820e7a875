import { Inflights } from './inflights';
import type { AppendResponse } from './messages';
import { Progress, ProgressState } from './progress';
import { Cluster, ofType } from './test-cluster.test-util';

/** The leader's view of each follower: match/next, Probe/Replicate/Snapshot, the in-flight window. */

function appendResponse(from: number, index: number, reject = false): AppendResponse {
  return { type: 'AppendResponse', from, to: 1, term: 1, reject, index, hintIndex: 0, hintTerm: 0 };
}

/** Leader 1 of three, with entries 1..3 replicated everywhere. */
function replicated(): Cluster {
  const c = new Cluster(3).elect(1);
  c.propose(1, 'a', 'b');
  c.stabilize();
  return c;
}

const appendsTo = (c: Cluster, to: number) => c.sent.filter(ofType('Append', (m) => m.to === to && m.entries.length > 0)).length;

describe('replication progress', () => {
  test('match only grows: a late or duplicated acknowledgement cannot move it back', () => {
    const c = replicated();
    c.inject(appendResponse(2, 1));
    expect(c.node(1).status().progress.get(2)).toMatchObject({ match: 3, next: 4, state: ProgressState.Replicate });
  });

  test('a stale rejection (of an append already acknowledged) is ignored', () => {
    const c = replicated();
    expect(c.inject(appendResponse(2, 2, true))).toEqual([]);
    expect(c.node(1).status().progress.get(2)).toMatchObject({ match: 3, next: 4, state: ProgressState.Replicate });

    const probing = new Progress(7, 4, 1 << 20);
    expect(probing.maybeDecreaseTo(3, 2)).toBe(false); // not the probe the leader is waiting on
    expect(probing.maybeDecreaseTo(6, 2)).toBe(true);
    expect(probing.next).toBe(3);
  });

  test('a probing follower gets one append at a time until it answers or a heartbeat is answered', () => {
    const c = new Cluster(3);
    c.block(ofType('AppendResponse', (m) => m.from === 2));
    c.elect(1);
    c.propose(1, 'a');
    c.propose(1, 'b');
    c.stabilize();
    expect(c.node(1).status().progress.get(2)?.state).toBe(ProgressState.Probe);
    expect(appendsTo(c, 2)).toBe(1);
    c.tick(1);
    c.stabilize();
    expect(appendsTo(c, 2)).toBe(2);
  });

  test('a heartbeat answer frees one slot of a full window, so a lost acknowledgement cannot stall replication', () => {
    const c = new Cluster(3, { maxInflightMsgs: 1, maxSizePerMsg: 1 }).elect(1);
    c.block(ofType('AppendResponse', (m) => m.from === 2));
    c.propose(1, 'a', 'b', 'c');
    c.stabilize();
    expect(appendsTo(c, 2)).toBe(2); // the no-op, then 'a', which fills the window
    c.tick(1);
    c.stabilize();
    expect(appendsTo(c, 2)).toBe(3);
  });

  test('reportUnreachable sends a replicating follower back to probing', () => {
    const c = replicated();
    c.node(1).reportUnreachable(2);
    expect(c.node(1).status().progress.get(2)).toMatchObject({ state: ProgressState.Probe, next: 4 });
  });

  test('the in-flight window is full at maxMessages or at maxBytes, and frees what is acknowledged', () => {
    const byCount = new Inflights(2, 1000);
    byCount.add(3, 10);
    byCount.add(5, 10);
    expect(byCount.full()).toBe(true);
    byCount.freeLE(4);
    expect([byCount.full(), byCount.count()]).toEqual([false, 1]);

    const byBytes = new Inflights(10, 100);
    byBytes.add(1, 60);
    expect(byBytes.full()).toBe(false);
    byBytes.add(2, 40);
    expect(byBytes.full()).toBe(true);
    byBytes.freeFirstOne();
    expect([byBytes.full(), byBytes.count()]).toEqual([false, 1]);
  });
});
