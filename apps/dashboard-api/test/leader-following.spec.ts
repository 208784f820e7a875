import { JobStatus } from '@sched/rpc/gen';
import { FakeCluster } from './fake-cluster.test-util';
import { Gateway } from './gateway.test-util';

/** SPEC §4 / issue 7: writes reach the leader from any node, the gateway survives node failures, and polls reuse connections (REF G34). */
describe('following the leader', () => {
  let cluster: FakeCluster;
  let gateway: Gateway;

  beforeEach(async () => {
    cluster = await FakeCluster.start(3, 2);
  });
  afterEach(async () => {
    await gateway.close();
    await cluster.close();
  });

  it('forwards a submit and a cancel sent through a follower to the leader named in the trailers', async () => {
    gateway = await Gateway.start(cluster.urls);
    const submitted = await gateway.post('/api/jobs', { command: 'echo hi' });
    expect(submitted).toMatchObject({ status: 200, body: { success: true } });
    expect(cluster.calls.filter((c) => c.endsWith('SubmitJob'))).toEqual(['1:SubmitJob', '2:SubmitJob']);
    const id = (submitted.body as { job_id: string }).job_id;
    expect(cluster.jobs.get(id)!.command).toBe('echo hi');
    expect(await gateway.json(`/api/jobs/${id}`, { method: 'DELETE' })).toMatchObject({ status: 200 });
    expect(cluster.calls.filter((c) => c.endsWith('CancelJob'))).toEqual(['2:CancelJob']);
  });

  it('moves on to the next node when one is down, and to the new leader after a failover', async () => {
    await cluster.stop(1);
    gateway = await Gateway.start(cluster.urls);
    expect((await gateway.post('/api/jobs', { command: 'echo a' })).status).toBe(200);
    await cluster.stop(2);
    cluster.leader = 3;
    expect((await gateway.post('/api/jobs', { command: 'echo b' })).status).toBe(200);
    expect((await gateway.json('/api/cluster')).body).toMatchObject({ leader_id: 3, role: 'leader' });
    expect((await gateway.json('/api/jobs')).body).toHaveLength(2);
  });

  it('waits out an election: a write issued while nobody leads succeeds once a leader appears', async () => {
    cluster.leader = 0;
    gateway = await Gateway.start(cluster.urls, { leaderWaitMs: 3000 });
    const pending = gateway.post('/api/jobs', { command: 'echo patient' });
    setTimeout(() => (cluster.leader = 3), 300);
    expect(await pending).toMatchObject({ status: 200, body: { success: true } });
  });

  it('answers 503 when every node is down', async () => {
    gateway = await Gateway.start(cluster.urls, { leaderWaitMs: 200 });
    for (const id of [1, 2, 3]) await cluster.stop(id);
    const { status, body } = await gateway.post('/api/jobs', { command: 'echo hi' });
    expect(status).toBe(503);
    expect((body as { error: string }).error).toMatch(/^No sched node reachable/);
    const cluster503 = await gateway.json('/api/cluster');
    expect(cluster503.body).toMatchObject({ leader_id: null, nodes: [{ is_alive: false }, { is_alive: false }, { is_alive: false }] });
    expect((await gateway.json('/health/ready')).status).toBe(503);
  });

  it('keeps node ids it learned from the leader once no leader answers', async () => {
    gateway = await Gateway.start(cluster.urls, { leaderWaitMs: 200 });
    await gateway.json('/api/cluster');
    cluster.leader = 0;
    await new Promise((r) => setTimeout(r, 1100));
    const { body } = await gateway.json('/api/cluster');
    expect(body).toMatchObject({ node_id: null, leader_id: null, nodes: [{ node_id: 1, is_alive: true }, { node_id: 2, is_alive: true }, { node_id: 3, is_alive: true }] });
  });

  it('uses one connection per node however often it is polled, and asks the cluster at most once a second', async () => {
    gateway = await Gateway.start(cluster.urls);
    cluster.addJob({ command: 'echo x', status: JobStatus.COMPLETED });
    const started = Date.now();
    for (let k = 0; k < 20; k++) {
      await Promise.all([gateway.json('/api/cluster'), gateway.json('/api/jobs'), gateway.json('/health/ready')]);
    }
    expect([1, 2, 3].map((id) => cluster.connections(id))).toEqual([1, 1, 0]);
    const seconds = Math.ceil((Date.now() - started) / 1000);
    expect(cluster.calls.filter((c) => c.endsWith('GetClusterStatus')).length).toBeLessThanOrEqual(seconds + 1);
  });
});
