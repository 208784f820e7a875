import { eventually, ProcessCluster, sched } from './server-process.test-util';

jest.setTimeout(120_000);

interface LogListing {
  readonly entries: readonly { index: number; term: number; command_type: string }[];
}

/**
 * Three real `sched server` processes, started the way the README shows (plus fast
 * timings and a data dir each), driven with the real CLI: the end-to-end contract of
 * issue 5 — redirect through a follower, cluster status, the log with the leader's Noop,
 * kill -9 of the leader, an acknowledged write surviving it, and a restart of everything.
 */
describe('a three-process cluster', () => {
  let cluster: ProcessCluster;
  const url = (id: number) => cluster.url(id);
  const start = (id: number) => cluster.start(id);
  const stopAll = (signal: NodeJS.Signals) => cluster.stopAll(signal);
  const leaderId = async (via: number) =>
    eventually(async () => {
      const r = await sched('cluster', '-a', url(via), '-o', 'json', 'status');
      const id = r.code === 0 ? (JSON.parse(r.stdout) as { leader_id: number }).leader_id : 0;
      return id > 0 && cluster.servers.has(id) ? id : undefined;
    });
  const jobIds = async (via: number) => {
    const r = await sched('job', '-a', url(via), '-o', 'json', 'list', '--all');
    return (JSON.parse(r.stdout) as { jobs: { job_id: string }[] }).jobs.map((j) => j.job_id).sort();
  };

  beforeAll(async () => {
    cluster = await ProcessCluster.create(3, [
      '--tick-ms', '5', '--election-timeout-ms', '100', '--heartbeat-interval-ms', '25',
      '--executor', 'sandbox', '--worker-heartbeat-ms', '200', '--worker-liveness-ms', '1000', '--shutdown-grace-ms', '2000',
    ]);
    cluster.startAll();
  });
  afterAll(() => cluster.destroy());

  let first: string;
  let leader: number;

  it('redirects a submit sent to a follower to the leader', async () => {
    leader = await leaderId(1);
    const follower = [1, 2, 3].find((id) => id !== leader)!;
    const r = await sched('job', '-a', url(follower), 'submit', 'echo hello');
    expect(r.stderr).toBe(`Redirecting to leader at ${url(leader)}...\n`);
    expect(r.code).toBe(0);
    first = /Job ID: (\S+)/.exec(r.stdout)![1]!;
    expect(r.stdout).toBe(`Job submitted successfully!\nJob ID: ${first}\n`);
  });

  it('runs the job in a sandbox on some worker and serves its output from any node', async () => {
    const status = await eventually(async () => {
      const r = await sched('job', '-a', url(3), '-o', 'json', 'status', first);
      const s = JSON.parse(r.stdout) as { status: string; output: string; executed_by: number; exit_code: number | null };
      return s.status === 'COMPLETED' ? s : undefined;
    });
    expect(status).toMatchObject({ output: 'hello\n', exit_code: 0 });
    expect([1, 2, 3]).toContain(status.executed_by);
  });

  it('shows the cluster and the log, with the new leader’s Noop at index 1', async () => {
    const status = await sched('cluster', '-a', url(1), 'status');
    expect(status.stdout).toContain(`Leader: Node ${leader}`);
    expect(status.stdout.match(/\[\+\] alive/g)).toHaveLength(3);
    const log = await sched('log', '-a', url(1), 'list');
    expect(log.stdout).toMatch(/^1 +\d+ +yes +Noop/m); // the first leader's term: 1, or more after a split vote
    expect(log.stdout).toContain(`SubmitJob            job_id=${first.slice(0, 20)}`);
  });

  it('elects a new leader that serves writes after kill -9 of the leader, keeping an acknowledged write', async () => {
    const acked = await sched('job', '-a', url(leader), 'submit', 'echo acknowledged');
    expect(acked.code).toBe(0);
    await cluster.stop(leader, 'SIGKILL'); // right after the acknowledgement
    const survivor = [1, 2, 3].find((id) => id !== leader)!;
    const next = await leaderId(survivor);
    expect(next).not.toBe(leader);
    const ackedId = /Job ID: (\S+)/.exec(acked.stdout)![1]!;
    expect(await jobIds(next)).toContain(ackedId);
    const after = await sched('job', '-a', url(next), 'submit', 'echo after failover');
    expect(after.code).toBe(0);
    start(leader);
  });

  it('keeps every job and the log across a restart of all three with --data-dir', async () => {
    const via = await leaderId(1);
    const before = await eventually(async () => {
      const ids = await jobIds(via);
      return ids.length === 3 ? ids : undefined;
    });
    const logBefore = (await sched('log', '-a', url(via), '-o', 'json', 'list')).stdout;
    await stopAll('SIGTERM');
    for (const id of [1, 2, 3]) start(id);
    const again = await leaderId(1);
    expect(await eventually(async () => ((await jobIds(again)).length === 3 ? jobIds(again) : undefined))).toEqual(before);
    const logAfter = (await sched('log', '-a', url(again), '-o', 'json', 'list')).stdout;
    // The log is the same up to where it was; the new leader's Noop comes after it.
    const entries = (json: string) => (JSON.parse(json) as LogListing).entries.map((e) => [e.index, e.term, e.command_type]);
    expect(entries(logAfter).slice(0, entries(logBefore).length)).toEqual(entries(logBefore));
  });
});
