import { eventually, ProcessCluster, sched } from './server-process.test-util';

jest.setTimeout(60_000);

/** Finished jobs leave every node's table (and their output the executing node) after --job-retention-ms, through Raft. */
describe('eviction of finished jobs', () => {
  let cluster: ProcessCluster;
  beforeAll(async () => {
    cluster = await ProcessCluster.create(3, [
      '--tick-ms', '10', '--election-timeout-ms', '300', '--heartbeat-interval-ms', '50',
      '--executor', 'exec', '--worker-heartbeat-ms', '200', '--job-retention-ms', '1500', '--shutdown-grace-ms', '1000',
    ]);
    cluster.startAll();
  });
  afterAll(() => cluster.destroy());

  it('evicts a completed job from every node once the retention has passed', async () => {
    const submitted = await eventually(async () => {
      const r = await sched('job', '-a', cluster.url(1), 'submit', 'echo bye');
      return r.code === 0 ? /Job ID: (\S+)/.exec(r.stdout)![1]! : undefined;
    });
    await eventually(async () => ((await sched('job', '-a', cluster.url(2), 'status', submitted)).stdout.includes('COMPLETED') ? true : undefined));
    const evictedEverywhere = await eventually(async () => {
      const answers = await Promise.all([1, 2, 3].map((id) => sched('job', '-a', cluster.url(id), 'status', submitted)));
      return answers.every((a) => a.code === 1 && a.stderr.includes('Job not found')) ? answers : undefined;
    }, 20_000);
    expect(evictedEverywhere).toHaveLength(3);
    const log = await sched('log', '-a', cluster.url(1), 'list');
    expect(log.stdout).toMatch(/EvictJobs +cutoff_ms=\d+/);
  });
});
