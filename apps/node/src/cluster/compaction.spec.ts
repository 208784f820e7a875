import { CONFIG_DEFAULTS, type Message, type SnapshotChunk } from '@sched/raft';
import { LocalCluster, proposeJobs } from './local-cluster.test-util';
import type { RunningNode } from './start-node';

// Generous per-test budget for a loaded 2-core machine; the waits inside have their own, tighter bounds.
jest.setTimeout(90_000);

// REF §11.5 on three real nodes. REF compacts once its in-memory log holds 1000 entries; ours
// snapshots every `--snapshot-every` applied entries (set to 100 here, so every round is 10×
// smaller than REF's 1050/1100 submits) and compacts up to the previous snapshot, at most
// `min(1000, snapshot-every)` entries below the newest one, for slightly lagging followers.

const SNAPSHOT_EVERY = 100;
const config = { snapshotEvery: String(SNAPSHOT_EVERY) };

/** `count` acknowledged submits to `leader`, 100 in flight at a time. */
const submitMany = (leader: RunningNode, count: number, command: (k: number) => string = (k) => `echo ${k}`) => proposeJobs(leader, count, command, 100);

const storedEntries = (n: RunningNode) => n.stores.raft.lastIndex() - n.stores.raft.firstIndex() + 1;

describe('compaction on every node (REF §11.5 1, 3, 5)', () => {
  let cluster: LocalCluster;
  let leader: RunningNode;
  beforeAll(async () => {
    cluster = await LocalCluster.start(3, { config });
    leader = await cluster.waitForLeader();
  });
  afterAll(() => cluster.destroy());

  it('snapshots and compacts the log after enough entries, keeping the last index (test_log_compaction_triggered)', async () => {
    await submitMany(leader, 350);
    const last = await cluster.expectConverged(cluster.running(), 60_000);
    for (const n of cluster.running()) {
      const snapshot = n.stores.raft.snapshot();
      // REF: log_offset > 0, in-memory log < 1050, last index 1050 (no no-op there); ours: 350 + the no-op(s).
      expect(snapshot.meta.index).toBeGreaterThan(last - SNAPSHOT_EVERY);
      expect(n.stores.raft.firstIndex()).toBeGreaterThan(1);
      expect(n.stores.raft.firstIndex() - 1).toBeLessThanOrEqual(snapshot.meta.index);
      expect(storedEntries(n)).toBeLessThan(last);
      expect(n.driver.status().lastIndex).toBe(last);
      expect(n.machine.table.size).toBe(350);
    }
  });

  it('holds the same job table and last index on every node after compaction (test_state_consistency_after_compaction)', async () => {
    const last = await cluster.expectConverged();
    const counts = cluster.running().map((n) => [n.machine.table.size, n.driver.status().lastIndex]);
    expect(counts).toEqual(Array(3).fill([350, last]));
  });

  it('compacts again in a second round, and a later write reaches every node (test_multiple_compaction_rounds)', async () => {
    const firstRound = cluster.running().map((n) => [n.stores.raft.firstIndex(), n.stores.raft.snapshot().meta.index]);
    await submitMany(leader, 250);
    await cluster.expectConverged(cluster.running(), 60_000);
    cluster.running().forEach((n, k) => {
      expect(n.stores.raft.firstIndex()).toBeGreaterThan(firstRound[k]![0]!);
      expect(n.stores.raft.snapshot().meta.index).toBeGreaterThan(firstRound[k]![1]!);
    });
    await submitMany(leader, 1);
    const last = await cluster.expectConverged(cluster.running(), 30_000);
    // REF: 2201 everywhere; ours: 601 commands after the no-op(s).
    for (const n of cluster.running()) {
      expect(n.machine.table.size).toBe(601);
      expect(n.driver.status().lastIndex).toBe(last);
    }
  });
});

describe('a follower cut off while the others go on (REF §11.5 2, 4)', () => {
  let cluster: LocalCluster;
  let leader: RunningNode;
  let follower: RunningNode;
  beforeAll(async () => {
    cluster = await LocalCluster.start(3, { config });
    leader = await cluster.waitForLeader();
    follower = cluster.running().find((n) => n !== leader)!;
  });
  afterAll(() => cluster.destroy());

  it('catches up from log entries when the leader has not compacted past it (test_snapshot_replication_falls_back_to_entries)', async () => {
    cluster.isolate(follower.config.nodeId);
    await submitMany(leader, 50);
    // REF: log_offset stays 0; ours: no snapshot yet (51 entries < 100), nothing compacted.
    expect(leader.stores.raft.snapshot().meta.index).toBe(0);
    expect(leader.stores.raft.firstIndex()).toBe(1);
    cluster.heal();
    const last = await cluster.expectConverged(cluster.running(), 15_000);
    expect(follower.driver.status().lastIndex).toBe(last);
    expect(follower.stores.raft.firstIndex()).toBe(1);
    expect(follower.stores.raft.snapshot().meta.index).toBe(0);
    expect(follower.machine.table.size).toBe(50);
  });

  it('installs the leader snapshot, sent in several chunks, once it is behind the compacted log (test_snapshot_sent_to_slow_follower)', async () => {
    await submitMany(leader, 10);
    await cluster.expectConverged();
    cluster.isolate(follower.config.nodeId);
    const behind = follower.driver.status().lastIndex;
    // Commands near the 1 KiB limit make the table snapshot larger than two chunks.
    await submitMany(leader, 1100, (k) => `echo ${String(k).padStart(4, '0')} ${'x'.repeat(990)}`);
    const majority = cluster.running().filter((n) => n !== follower);
    const last = await cluster.expectConverged(majority, 60_000);
    expect(leader.stores.raft.firstIndex()).toBeGreaterThan(behind + 1);
    const snapshot = leader.stores.raft.snapshot();
    expect(snapshot.data.length).toBeGreaterThan(2 * CONFIG_DEFAULTS.maxSnapshotChunkBytes);
    expect(follower.driver.status().lastIndex).toBe(behind);

    const received = jest.spyOn(follower.driver, 'receive');
    cluster.heal();
    await cluster.expectConverged(cluster.running(), 15_000);
    const chunks = received.mock.calls.flatMap(([messages]) => messages.filter((m: Message): m is SnapshotChunk => m.type === 'Snapshot'));
    received.mockRestore();
    // REF sends the whole snapshot in one InstallSnapshot message; ours streams bounded chunks.
    const offsets = [...new Set(chunks.map((m) => m.offset))].sort((a, b) => a - b);
    expect(offsets.length).toBeGreaterThanOrEqual(3);
    expect(offsets[0]).toBe(0);
    for (const m of chunks) expect(m.chunk.length).toBeLessThanOrEqual(CONFIG_DEFAULTS.maxSnapshotChunkBytes);
    // REF: last index ≥ 1060 and log_offset > 0 within 15 s of healing.
    expect(follower.stores.raft.snapshot().meta.index).toBeGreaterThan(behind);
    expect(follower.stores.raft.firstIndex()).toBeGreaterThan(behind + 1);
    expect(follower.driver.status().lastIndex).toBeGreaterThanOrEqual(last);
    expect(follower.machine.table.size).toBe(1160);
  });
});
