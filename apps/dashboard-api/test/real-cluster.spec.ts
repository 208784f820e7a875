import { ClusterJson, JobDetailJson, JobJson } from '../src/api/response-schemas';
import { Gateway } from './gateway.test-util';
import { eventually, SchedCluster } from './sched-cluster.test-util';

jest.setTimeout(60_000);

interface Detail {
  status: string;
  output: string | null;
  executed_by: number | null;
}

/**
 * The gateway in front of three real `sched server` processes: REF §11.11's flows end to
 * end (jobs run in the sandbox), errors as real nodes word them, and a kill -9 of the
 * leader, after which the gateway follows the new one.
 */
describe('the gateway over a real three-node cluster', () => {
  let cluster: SchedCluster;
  let gateway: Gateway;
  let leader: number;

  beforeAll(async () => {
    cluster = await SchedCluster.start(3);
    gateway = await Gateway.start(cluster.urls, { leaderWaitMs: 5000 });
  });
  afterAll(async () => {
    await gateway.close();
    await cluster.stop();
  });

  const detail = (id: string) => gateway.json(`/api/jobs/${id}`).then((r) => r.body as Detail);
  const until = (id: string, status: string) => eventually(async () => ((await detail(id)).status === status ? detail(id) : undefined));

  it('shows three live nodes and a leader', async () => {
    const body = await eventually(async () => {
      const b = ClusterJson.parse((await gateway.json('/api/cluster')).body);
      // A leader's commit index is 0 until its no-op commits, moments after the election.
      const settled = b.leader_id !== null && b.nodes.every((n) => n.is_alive) && (b.commit_index ?? 0) >= 1;
      return settled ? b : undefined;
    });
    leader = body.leader_id!;
    expect(body).toMatchObject({ node_id: leader, role: 'leader', current_term: expect.any(Number) });
    expect(body.nodes.map((n) => n.node_id)).toEqual([1, 2, 3]);
    expect(body.commit_index).toBeGreaterThanOrEqual(1);
    expect((await gateway.json('/health/ready')).body).toEqual({ status: 'ok', leader_id: leader });
  });

  it('runs echo hello and serves its output', async () => {
    const submitted = await gateway.post('/api/jobs', { command: 'echo hello' });
    expect(submitted).toMatchObject({ status: 200, body: { success: true, error: null } });
    const id = (submitted.body as { job_id: string }).job_id;
    const done = JobDetailJson.parse(await until(id, 'completed'));
    expect(done).toMatchObject({ id, command: 'echo hello', output: 'hello\n', error: null, exit_code: 0 });
    const listed = ((await gateway.json('/api/jobs?command=echo%20hello')).body as unknown[]).map((j) => JobJson.parse(j));
    expect(listed).toEqual([expect.objectContaining({ id, status: 'completed', executed_by: done.executed_by, completed_at: done.completed_at })]);
  });

  it('cancels a running sleep 30, then refuses a second cancel', async () => {
    const id = ((await gateway.post('/api/jobs', { command: 'sleep 30' })).body as { job_id: string }).job_id;
    await until(id, 'running');
    expect(await gateway.json(`/api/jobs/${id}`, { method: 'DELETE' })).toMatchObject({ status: 200, body: { success: true, error: null } });
    expect((await detail(id)).status).toBe('cancelled');
    expect(await gateway.json(`/api/jobs/${id}`, { method: 'DELETE' })).toMatchObject({ status: 400, body: { success: false, error: 'job is already cancelled' } });
  });

  it('passes on the nodes’ refusals', async () => {
    expect(await gateway.post('/api/jobs', { command: 'echo hi', image: '-v' })).toMatchObject({ status: 400, body: { success: false, job_id: null, error: expect.stringContaining('Invalid image') } });
    expect(await gateway.post('/api/jobs', { command: 'echo hi', idempotency_key: 'k'.repeat(129) })).toMatchObject({ status: 400, body: { error: 'idempotency_key exceeds 128 characters' } });
    expect(await gateway.json('/api/jobs/00000000-0000-4000-8000-000000000000')).toMatchObject({ status: 404, body: { error: 'job not found' } });
    expect(await gateway.json('/api/jobs/00000000-0000-4000-8000-000000000000', { method: 'DELETE' })).toMatchObject({ status: 404, body: { error: 'job not found' } });
    expect(await gateway.json('/api/jobs?page_token=99999')).toMatchObject({ status: 200, body: [] });
  });

  it('follows the new leader after kill -9 of the leader', async () => {
    await cluster.kill(leader);
    const submitted = await gateway.post('/api/jobs', { command: 'echo after' });
    expect(submitted).toMatchObject({ status: 200, body: { success: true } });
    const body = await eventually(async () => {
      const b = ClusterJson.parse((await gateway.json('/api/cluster')).body);
      return b.leader_id !== null && b.leader_id !== leader && b.nodes.filter((n) => !n.is_alive).length === 1 ? b : undefined;
    });
    expect(body.nodes.find((n) => n.node_id === leader)!.is_alive).toBe(false);
    const id = (submitted.body as { job_id: string }).job_id;
    expect((await until(id, 'completed')).output).toBe('after\n');
  });

  it('is not ready and refuses writes with 503 once no node answers', async () => {
    await cluster.stop();
    await eventually(async () => ((await gateway.json('/health/ready')).status === 503 ? true : undefined));
    expect(await gateway.post('/api/jobs', { command: 'echo nobody' })).toMatchObject({ status: 503, body: { success: false, job_id: null } });
  });
});
