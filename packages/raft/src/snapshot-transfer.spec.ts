import type { SnapshotChunk } from './messages';
import { ProgressState } from './progress';
import { bytes, Cluster, ofType, text } from './test-cluster.test-util';
import type { SnapshotMeta } from './types';

/** Snapshots (Raft §7): supplied by the application, sent in bounded chunks, restored by followers. */

const IMAGE = bytes('state-machine-image-at-4!!'); // 26 bytes: chunks of 8, 8, 8 and 2

/** A 3-node cluster whose leader (1) compacted entries node 3 never received. */
function laggingFollower(): Cluster {
  const c = new Cluster(3, { maxSnapshotChunkBytes: 8 }).elect(1);
  c.isolate(3);
  c.propose(1, 'a', 'b', 'c');
  c.stabilize();
  c.storage(1).createSnapshot(4, IMAGE);
  c.storage(1).compact(4);
  c.heal();
  return c;
}

/** A one-chunk snapshot message from leader 2 to node 1. */
function chunk(meta: Omit<SnapshotMeta, 'conf'>, term: number, data = bytes('image'), offset = 0, total = data.length): SnapshotChunk {
  const done = offset + data.length >= total;
  return { type: 'Snapshot', from: 2, to: 1, term, meta: { ...meta, conf: { voters: [1, 2, 3] } }, offset, total, chunk: data, done };
}

describe('snapshot transfer (§7)', () => {
  test('a follower whose next entry is compacted receives the snapshot in chunks of maxSnapshotChunkBytes and restores it', () => {
    const c = laggingFollower();
    c.run(3);
    const chunks = c.sent.filter(ofType('Snapshot', (m) => m.to === 3));
    expect(chunks.map((m) => [m.offset, m.chunk.length, m.done])).toEqual([
      [0, 8, false],
      [8, 8, false],
      [16, 8, false],
      [24, 2, true],
    ]);
    expect(c.restored(3).map((s) => [s.meta.index, text(s.data)])).toEqual([[4, text(IMAGE)]]);
    expect(c.storage(3).snapshot().meta.index).toBe(4);
    expect(c.node(1).status().progress.get(3)).toMatchObject({ state: ProgressState.Replicate, match: 4 });

    c.propose(1, 'd');
    c.stabilize();
    expect(c.applied(3).map((e) => [e.index, text(e.data)])).toEqual([
      [1, ''],
      [5, 'd'],
    ]);
  });

  test('a lost chunk is resent after two quiet heartbeat rounds', () => {
    const c = laggingFollower();
    let lost = false;
    c.block((m) => m.type === 'Snapshot' && m.offset === 8 && !lost && (lost = true));
    c.run(6);
    expect(c.sent.filter(ofType('Snapshot', (m) => m.offset === 8))).toHaveLength(2);
    expect(c.restored(3)).toHaveLength(1);
  });

  test('reportSnapshot(peer, false) starts the transfer over', () => {
    const c = laggingFollower();
    c.block(ofType('Snapshot', (m) => m.offset > 0));
    c.run(2);
    expect(c.node(1).status().progress.get(3)?.state).toBe(ProgressState.Snapshot);
    c.node(1).reportSnapshot(3, false);
    expect(c.node(1).status().progress.get(3)?.state).toBe(ProgressState.Probe);
    c.heal();
    c.run(3);
    expect(c.sent.filter(ofType('Snapshot', (m) => m.offset === 0))).toHaveLength(2);
    expect(c.restored(3)).toHaveLength(1);
  });

  test('chunks must arrive in order: the follower asks for the offset it expects', () => {
    const c = new Cluster(3);
    const meta = { index: 10, term: 1 };
    const data = bytes('0123456789ab');
    const wants = (offset: number) => {
      const [reply] = c.inject(chunk(meta, 1, data.subarray(offset, offset + 4), offset, data.length));
      return reply?.type === 'SnapshotResponse' ? reply.nextOffset : reply?.type;
    };
    expect(wants(4)).toBe(0); // nothing received yet
    expect(wants(0)).toBe(4);
    expect(wants(8)).toBe(4); // a gap
    expect(wants(4)).toBe(8);
    expect(wants(8)).toBe('AppendResponse'); // the last chunk: installed, acknowledged like an append
    expect(c.restored(1).map((s) => text(s.data))).toEqual(['0123456789ab']);
  });

  test('a follower keeps its log after a snapshot whose last entry it already holds', () => {
    const c = new Cluster(3, { logs: { 1: [1, 1, 1, 1, 1] } });
    expect(c.inject(chunk({ index: 3, term: 1 }, 1))).toMatchObject([{ type: 'AppendResponse', reject: false, index: 3 }]);
    expect(c.restored(1)).toEqual([]);
    expect(c.logTerms(1)).toEqual([1, 1, 1, 1, 1]);
    expect(c.commit(1)).toBe(3);
  });

  test('a snapshot that conflicts with the follower’s log replaces the whole log', () => {
    const c = new Cluster(3, { logs: { 1: [1, 1, 1, 1, 1] } });
    expect(c.inject(chunk({ index: 3, term: 2 }, 2))).toMatchObject([{ type: 'AppendResponse', reject: false, index: 3 }]);
    expect(c.restored(1).map((s) => s.meta.index)).toEqual([3]);
    expect(c.node(1).status()).toMatchObject({ firstIndex: 4, lastIndex: 3, hardState: { commit: 3 } });
    expect(c.logTerms(1)).toEqual([]);
  });

  test('a snapshot the follower’s commit index already covers (stale or repeated) is acknowledged, not installed', () => {
    const c = new Cluster(3);
    c.inject(chunk({ index: 5, term: 1 }, 1));
    expect(c.restored(1)).toHaveLength(1);
    for (const index of [5, 3]) {
      expect(c.inject(chunk({ index, term: 1 }, 1))).toMatchObject([{ type: 'AppendResponse', reject: false, index: 5 }]);
    }
    expect(c.restored(1)).toHaveLength(1);
    expect(c.node(1).status()).toMatchObject({ firstIndex: 6, hardState: { commit: 5 } });
  });
});
