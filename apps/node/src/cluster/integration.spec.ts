import { EntryKind } from '@sched/raft';
import { commandCount, LocalCluster, logOf, schedulerApi, submission, until } from './local-cluster.test-util';
import type { RunningNode } from './start-node';

// Generous per-test budget for a loaded 2-core machine; the waits inside have their own, tighter bounds.
jest.setTimeout(30_000);

// REF §11.1 1–15 on three real nodes over loopback gRPC (16–22, the ListJobs filters, are
// handler tests: apps/node/src/api/list-jobs.spec.ts). Our cluster differs from REF's in two
// ways that change expectations: every new leader appends a no-op entry, and a write is
// acknowledged only once it is committed and applied on the leader.

const followers = (cluster: LocalCluster, leader: RunningNode) => cluster.running().filter((n) => n !== leader);

describe('a fresh three-node cluster (REF §11.1 1, 5, 11)', () => {
  let cluster: LocalCluster;
  beforeAll(async () => {
    cluster = await LocalCluster.start(3, { services: schedulerApi });
  });
  afterAll(() => cluster.destroy());

  it('elects exactly one leader, which every node then reports (test_three_node_cluster_elects_leader)', async () => {
    const leader = await cluster.waitForLeader(5000);
    expect(cluster.leaders().map((n) => n.config.nodeId)).toEqual([leader.config.nodeId]);
    await until(() => cluster.running().every((n) => n.driver.status().leader === leader.config.nodeId), 2000);
    const { term } = leader.driver.status();
    expect(cluster.running().map((n) => n.driver.status().term)).toEqual([term, term, term]);
  });

  it("holds only the leaders' committed no-ops (test_empty_raft_log)", async () => {
    // REF expects last_log_index 0 and commit 0: a new leader appends no no-op there. Ours does.
    const leader = await cluster.waitForLeader();
    const last = await cluster.expectConverged();
    const entries = leader.stores.raft.entries(1, last + 1, Number.MAX_SAFE_INTEGER);
    expect(entries.length).toBeGreaterThanOrEqual(1);
    expect(entries.every((e) => e.kind === EntryKind.Noop && e.data.length === 0)).toBe(true);
    // One no-op per term that had a leader, the last one the current leader's.
    expect(entries.map((e) => e.term)).toEqual([...new Set(entries.map((e) => e.term))].sort((a, b) => a - b));
    expect(entries.at(-1)!.term).toBe(leader.driver.status().term);
    expect(leader.driver.status().hardState.commit).toBe(last);
    expect(leader.machine.table.size).toBe(0);
  });

  it('reports its term and every peer alive through GetClusterStatus on any node (test_cluster_status_reporting)', async () => {
    const leader = await cluster.waitForLeader();
    expect(leader.driver.status().term).toBeGreaterThanOrEqual(1);
    // REF reads the leader's peer table; we ask each node's API (a follower forwards to the leader).
    for (const id of [1, 2, 3]) {
      const answer = await cluster.client(id).getClusterStatus({});
      expect(answer.leaderId).toBe(BigInt(leader.config.nodeId));
      expect(answer.currentTerm).toBe(BigInt(leader.driver.status().term));
      expect(answer.nodes.map((n) => [Number(n.nodeId), n.isAlive])).toEqual([[1, true], [2, true], [3, true]]);
    }
  });
});

describe('writes through the leader, reads on any node (REF §11.1 2–4, 6–8)', () => {
  let cluster: LocalCluster;
  let leader: RunningNode;
  beforeAll(async () => {
    cluster = await LocalCluster.start(3);
    leader = await cluster.waitForLeader();
  });
  afterAll(() => cluster.destroy());

  it('acknowledges a submit only once the job is in the leader table (test_job_submission_through_leader)', async () => {
    const { jobId, data } = submission('echo through the leader');
    const result = await leader.driver.propose(data);
    // REF polls the leader's table for 2 s; we acknowledge on apply, so the job is there already.
    expect(result.effects).toEqual([expect.objectContaining({ type: 'job-submitted' })]);
    expect(leader.machine.table.get(jobId)?.command).toBe('echo through the leader');
    await cluster.expectConverged();
  });

  it('replicates 5 submits to every node, entry for entry (test_log_replication_to_followers)', async () => {
    const before = commandCount(leader);
    for (let k = 0; k < 5; k++) await leader.driver.propose(submission(`echo ${k}`).data);
    const last = await cluster.expectConverged(cluster.running(), 3000);
    // REF expects 5 entries everywhere; we also have the election no-op(s).
    for (const n of cluster.running()) expect(commandCount(n)).toBe(before + 5);
    expect(last).toBe(logOf(leader).length);
  });

  it('serves the replicated job from every node with the same command (test_read_from_any_node)', async () => {
    const { jobId, data } = submission('echo read me anywhere');
    await leader.driver.propose(data);
    await until(() => cluster.running().every((n) => n.machine.table.get(jobId) !== undefined), 2000);
    for (const n of cluster.running()) expect(n.machine.table.get(jobId)).toMatchObject({ id: jobId, command: 'echo read me anywhere' });
  });

  it('refuses a write on a follower, naming the leader, and appends nothing (test_follower_rejects_writes)', async () => {
    const last = await cluster.expectConverged();
    for (const follower of followers(cluster, leader)) {
      await expect(follower.driver.propose(submission('echo nope').data)).rejects.toMatchObject({ kind: 'not-leader', leader: leader.config.nodeId });
    }
    expect(await cluster.expectConverged()).toBe(last);
  });

  it('commits 10 concurrent submits, each acknowledged, on every node (test_concurrent_job_submissions)', async () => {
    const before = commandCount(leader);
    const subs = Array.from({ length: 10 }, (_, k) => submission(`echo concurrent ${k}`));
    const results = await Promise.all(subs.map((s) => leader.driver.propose(s.data)));
    expect(results.map((r) => r.effects[0]?.type)).toEqual(Array(10).fill('job-submitted'));
    await cluster.expectConverged(cluster.running(), 3000);
    for (const n of cluster.running()) {
      expect(commandCount(n)).toBe(before + 10);
      for (const s of subs) expect(n.machine.table.get(s.jobId)).toBeDefined();
    }
  });

  it('commits 50 sequential submits on every node, exactly 50 more commands (test_large_batch_submission)', async () => {
    const before = commandCount(leader);
    for (let k = 0; k < 50; k++) await leader.driver.propose(submission(`echo batch ${k}`).data);
    await cluster.expectConverged(cluster.running(), 10_000);
    for (const n of cluster.running()) expect(commandCount(n)).toBe(before + 50);
    expect(leader.machine.table.size).toBe(before + 50);
  });
});

describe('the Raft log, as GetRaftLogEntries and each node show it (REF §11.1 9, 10, 12–15)', () => {
  let cluster: LocalCluster;
  let leader: RunningNode;
  const jobs: { jobId: string; command: string }[] = [];
  beforeAll(async () => {
    cluster = await LocalCluster.start(3, { services: schedulerApi });
    leader = await cluster.waitForLeader();
    for (let k = 0; k < 5; k++) {
      const { jobId, data } = submission(`echo log ${k}`);
      await leader.driver.propose(data);
      jobs.push({ jobId, command: `echo log ${k}` });
    }
    await cluster.expectConverged();
  });
  afterAll(() => cluster.destroy());

  it('lists every entry in index order, committed, with the terms of the stored log (test_view_raft_log_entries)', async () => {
    const answer = await cluster.client(leader.config.nodeId).getRaftLogEntries({});
    const last = leader.driver.status().lastIndex;
    // REF expects last index 5; here 5 commands follow the no-op(s).
    expect(answer.lastLogIndex).toBe(BigInt(last));
    expect(answer.commitIndex).toBe(BigInt(last));
    expect(answer.firstAvailableIndex).toBe(1n);
    expect(answer.entries.map((e) => `${e.index}:${e.term}:${e.command === undefined ? 'noop' : 'cmd'}`)).toEqual(logOf(leader));
    expect(answer.entries.every((e) => e.isCommitted)).toBe(true);
    expect(answer.entries.filter((e) => e.command !== undefined)).toHaveLength(5);
  });

  it('has every entry committed on every node, the leader committing its last index (test_raft_log_commit_status)', async () => {
    const { jobId, data } = submission('echo commit status');
    await leader.driver.propose(data);
    const index = leader.driver.status().lastIndex;
    await until(() => cluster.running().every((n) => n.driver.status().hardState.commit >= index), 2000);
    expect(leader.driver.status().hardState.commit).toBe(index);
    expect(cluster.running().every((n) => n.machine.table.get(jobId) !== undefined)).toBe(true);
    jobs.push({ jobId, command: 'echo commit status' });
  });

  it('carries the submitted job id and command in each SubmitJob entry, after the no-op (test_raft_log_command_types)', async () => {
    const answer = await cluster.client(leader.config.nodeId).getRaftLogEntries({ startIndex: 1n });
    // REF's entry 1 is the first SubmitJob; ours is the election no-op, which carries no command.
    expect(answer.entries[0]?.command).toBeUndefined();
    const submits = answer.entries.flatMap((e) => (e.command?.commandType.case === 'submitJob' ? [e.command.commandType.value] : []));
    expect(submits.map((s) => ({ jobId: s.jobId, command: s.command }))).toEqual(jobs);
  });

  it('returns nothing from a start index past the end (test_raft_log_pagination_beyond_length)', async () => {
    const answer = await cluster.client(leader.config.nodeId).getRaftLogEntries({ startIndex: 100n });
    expect(answer.entries).toEqual([]);
    expect(answer.lastLogIndex).toBe(BigInt(leader.driver.status().lastIndex));
  });

  it('returns the whole log when the limit exceeds it (test_raft_log_pagination_limit_exceeds_entries)', async () => {
    const answer = await cluster.client(leader.config.nodeId).getRaftLogEntries({ startIndex: 1n, limit: 1000 });
    // REF: 5 entries; ours: the 6 commands and the no-op(s) before them.
    expect(answer.entries).toHaveLength(leader.driver.status().lastIndex);
    expect(answer.entries.map((e) => Number(e.index))).toEqual(Array.from({ length: answer.entries.length }, (_, k) => k + 1));
  });

  it("holds the leader's entries, index and term alike, on each follower (test_raft_log_accessible_from_follower)", async () => {
    await cluster.expectConverged();
    for (const follower of followers(cluster, leader)) {
      expect(logOf(follower)).toEqual(logOf(leader));
      // REF reads the follower's own log; our GetRaftLogEntries on a follower answers with the leader's (forwarded).
      const answer = await cluster.client(follower.config.nodeId).getRaftLogEntries({});
      expect(answer.entries.map((e) => `${e.index}:${e.term}:${e.command === undefined ? 'noop' : 'cmd'}`)).toEqual(logOf(follower));
    }
  });
});
