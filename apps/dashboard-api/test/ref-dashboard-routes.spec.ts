import { Code, ConnectError } from '@connectrpc/connect';
import { JobStatus } from '@sched/rpc/gen';
import { ClusterJson, JobDetailJson, JobJson, ReadyJson } from '../src/api/response-schemas';
import { FakeCluster } from './fake-cluster.test-util';
import { Gateway } from './gateway.test-util';

/**
 * REF §11.11 (tests/dashboard_tests.rs, 24 tests), ported to a gateway in front of fake
 * nodes and adjusted to SPEC §4: the gateway shows the leader's Raft state, forwards
 * writes from a follower to the leader (no leader at all → 503), and Raft failures are
 * 5xx. Numbering follows the reference.
 */
describe('REF dashboard routes', () => {
  let cluster: FakeCluster;
  let gateway: Gateway;

  beforeEach(async () => {
    cluster = await FakeCluster.start(1, 1);
    gateway = await Gateway.start(cluster.urls);
  });
  afterEach(async () => {
    await gateway.close();
    await cluster.close();
  });

  const leaderless = async () => {
    await gateway.close();
    await cluster.close();
    cluster = await FakeCluster.start(1, 0);
    gateway = await Gateway.start(cluster.urls, { leaderWaitMs: 200 });
  };

  it('1 GET / returns the HTML page', async () => {
    const response = await gateway.fetch('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('<title>sched Dashboard</title>');
  });

  it('2 GET /api/cluster shows the leader’s Raft state', async () => {
    const { status, body } = await gateway.json('/api/cluster');
    expect(status).toBe(200);
    expect(ClusterJson.parse(body)).toEqual({
      node_id: 1,
      role: 'leader',
      current_term: 3,
      leader_id: 1,
      commit_index: 12,
      last_applied: 12,
      log_length: 12,
      nodes: [{ node_id: 1, address: cluster.url(1).slice('http://'.length), is_alive: true }],
    });
  });

  it('3 GET /api/jobs with no jobs is []', async () => {
    expect((await gateway.json('/api/jobs')).body).toEqual([]);
  });

  it('4 GET /api/jobs lists every job', async () => {
    cluster.addJob({ command: 'echo 1' });
    cluster.addJob({ command: 'echo 2' });
    expect((await gateway.json('/api/jobs')).body).toHaveLength(2);
  });

  it('5 a completed job shows its command and status in the list, its output in GET /api/jobs/:id', async () => {
    const job = cluster.addJob({ command: 'echo test', status: JobStatus.COMPLETED, assignedWorker: 1n, executedBy: 1n, output: 'test output', exitCode: 0 });
    job.completedAtMs = job.createdAtMs + 1234n;
    const list = (await gateway.json('/api/jobs')).body as unknown[];
    expect(JobJson.parse(list[0])).toMatchObject({ command: 'echo test', status: 'completed', executed_by: 1, output: null });
    const detail = await gateway.json(`/api/jobs/${job.id}`);
    expect(JobDetailJson.parse(detail.body)).toMatchObject({ command: 'echo test', status: 'completed', output: 'test output', exit_code: 0 });
  });

  it('6 GET /api/cluster answers JSON', async () => {
    expect((await gateway.fetch('/api/cluster')).headers.get('content-type')).toContain('application/json');
  });

  it('7 a submit while the node drains is 503 with the draining error', async () => {
    cluster.override(1, { submitJob: async () => Promise.reject(new ConnectError('Node is draining and not accepting new jobs', Code.Unavailable)) });
    const { status, body } = await gateway.post('/api/jobs', { command: 'echo hi' });
    expect(status).toBe(503);
    expect(body).toEqual({ success: false, job_id: null, error: 'Node is draining and not accepting new jobs' });
  });

  it('8 a submit to a full queue is 503 with the capacity error', async () => {
    cluster.override(1, { submitJob: async () => Promise.reject(new ConnectError('Job queue is at capacity', Code.ResourceExhausted)) });
    const { status, body } = await gateway.post('/api/jobs', { command: 'echo hi' });
    expect(status).toBe(503);
    expect(body).toEqual({ success: false, job_id: null, error: 'Job queue is at capacity' });
  });

  it('9 the cluster status has a role: leader, or null when no leader answers', async () => {
    expect(((await gateway.json('/api/cluster')).body as { role: string }).role).toBe('leader');
    await leaderless();
    expect(((await gateway.json('/api/cluster')).body as { role: null }).role).toBeNull();
  });

  it('10 a submit with no leader anywhere is 503 "Not the leader" (a follower forwards: leader-following.spec)', async () => {
    await leaderless();
    const { status, body } = await gateway.post('/api/jobs', { command: 'echo hi' });
    expect(status).toBe(503);
    expect(body).toEqual({ success: false, job_id: null, error: 'Not the leader. Leader unknown, retry later' });
  });

  it('11 DELETE of a non-UUID is 400 invalid job id', async () => {
    const { status, body } = await gateway.json('/api/jobs/not-a-uuid', { method: 'DELETE' });
    expect(status).toBe(400);
    expect(body).toEqual({ success: false, error: 'invalid job id' });
  });

  it('12 a cancel with no leader anywhere is 503 "Not the leader"', async () => {
    await leaderless();
    const job = cluster.addJob({ command: 'sleep 30' });
    const { status, body } = await gateway.json(`/api/jobs/${job.id}`, { method: 'DELETE' });
    expect(status).toBe(503);
    expect(body).toEqual({ success: false, error: 'Not the leader. Leader unknown, retry later' });
  });

  it('13 a cancel of an unknown job is 404 job not found', async () => {
    const { status, body } = await gateway.json('/api/jobs/00000000-0000-4000-8000-000000000000', { method: 'DELETE' });
    expect(status).toBe(404);
    expect(body).toEqual({ success: false, error: 'job not found' });
  });

  it('14 a cancel of a finished job is 400 job is already completed', async () => {
    const job = cluster.addJob({ command: 'true', status: JobStatus.COMPLETED });
    const { status, body } = await gateway.json(`/api/jobs/${job.id}`, { method: 'DELETE' });
    expect(status).toBe(400);
    expect(body).toEqual({ success: false, error: 'job is already completed' });
  });

  it('15 a cancel of a pending job succeeds', async () => {
    const job = cluster.addJob({ command: 'sleep 30' });
    const { status, body } = await gateway.json(`/api/jobs/${job.id}`, { method: 'DELETE' });
    expect(status).toBe(200);
    expect(body).toEqual({ success: true, error: null });
    expect(cluster.jobs.get(job.id)!.status).toBe(JobStatus.CANCELLED);
  });

  it('16 a Raft error of a cancel is 500 with its text (REF: 400)', async () => {
    cluster.override(1, { cancelJob: async () => Promise.reject(new ConnectError('simulated Raft error', Code.Internal)) });
    const job = cluster.addJob({ command: 'sleep 30' });
    const { status, body } = await gateway.json(`/api/jobs/${job.id}`, { method: 'DELETE' });
    expect(status).toBe(500);
    expect(body).toEqual({ success: false, error: 'simulated Raft error' });
  });

  it('17 the cluster status has a nodes array', async () => {
    const { body } = await gateway.json('/api/cluster');
    expect(Array.isArray((body as { nodes: unknown }).nodes)).toBe(true);
  });

  it('18 with no leader, the configured node shows alive when it answers (fallback)', async () => {
    await leaderless();
    const { body } = await gateway.json('/api/cluster');
    expect(ClusterJson.parse(body).nodes).toEqual([{ node_id: null, address: cluster.url(1).slice('http://'.length), is_alive: true }]);
  });

  it('19 a whitespace command is 400 Command cannot be empty', async () => {
    const { status, body } = await gateway.post('/api/jobs', { command: '   ' });
    expect(status).toBe(400);
    expect(body).toEqual({ success: false, job_id: null, error: 'Command cannot be empty' });
  });

  it('20 a 1025-byte command is 400 Command exceeds maximum allowed length; 1024 bytes is accepted', async () => {
    const tooLong = await gateway.post('/api/jobs', { command: 'a'.repeat(1025) });
    expect(tooLong).toMatchObject({ status: 400, body: { success: false, job_id: null, error: 'Command exceeds maximum allowed length' } });
    expect((await gateway.post('/api/jobs', { command: 'é'.repeat(512) })).status).toBe(200);
    expect((await gateway.post('/api/jobs', { command: `${'é'.repeat(512)}a` })).status).toBe(400);
  });

  it('21 GET /health/live is 200', async () => {
    expect((await gateway.fetch('/health/live')).status).toBe(200);
  });

  it('22 GET /health/live says ok', async () => {
    expect((await gateway.json('/health/live')).body).toEqual({ status: 'ok' });
  });

  it('23 GET /health/ready is 503 no_leader when no leader answers', async () => {
    await leaderless();
    const { status, body } = await gateway.json('/health/ready');
    expect(status).toBe(503);
    expect(ReadyJson.parse(body)).toEqual({ status: 'no_leader', leader_id: null });
  });

  it('24 GET /health/ready is 200 with the leader id when the leader answers', async () => {
    const { status, body } = await gateway.json('/health/ready');
    expect(status).toBe(200);
    expect(ReadyJson.parse(body)).toEqual({ status: 'ok', leader_id: 1 });
  });
});
