import { JobStatus } from '@sched/rpc/gen';
import { JobJson } from '../src/api/response-schemas';
import { FakeCluster } from './fake-cluster.test-util';
import { Gateway } from './gateway.test-util';

/** GET /api/jobs: REF's array, bounded and filtered, with the total and the next page in headers. */
describe('GET /api/jobs', () => {
  let cluster: FakeCluster;
  let gateway: Gateway;

  beforeAll(async () => {
    cluster = await FakeCluster.start(1, 1);
    gateway = await Gateway.start(cluster.urls);
    for (let k = 0; k < 25; k++) cluster.addJob({ command: `echo ${k}` });
    const done = cluster.addJob({ command: 'Make Build', status: JobStatus.COMPLETED, assignedWorker: 2n, executedBy: 2n, output: 'ok' });
    done.completedAtMs = done.createdAtMs + 250n;
    cluster.addJob({ command: 'sleep 30', status: JobStatus.RUNNING, assignedWorker: 3n });
  });
  afterAll(async () => {
    await gateway.close();
    await cluster.close();
  });

  it('lists every job in creation order with REF keys, RFC 3339 +00:00 timestamps and a total header', async () => {
    const { status, headers, body } = await gateway.json('/api/jobs');
    expect(status).toBe(200);
    const jobs = (body as unknown[]).map((j) => JobJson.parse(j));
    expect(jobs).toHaveLength(27);
    expect(headers.get('x-total-count')).toBe('27');
    expect(headers.get('x-next-page-token')).toBeNull();
    expect(Object.keys(jobs[0]!)).toEqual(['id', 'command', 'status', 'executed_by', 'output', 'error', 'created_at', 'completed_at']);
    expect(jobs[0]).toMatchObject({ command: 'echo 0', status: 'pending', executed_by: null, completed_at: null, created_at: '2026-01-28T12:45:42+00:00' });
    expect(jobs[25]).toMatchObject({ command: 'Make Build', status: 'completed', executed_by: 2, output: null, completed_at: '2026-01-28T12:46:07.250+00:00' });
    expect(jobs[26]).toMatchObject({ status: 'running', executed_by: null });
  });

  it('pages with limit and page_token', async () => {
    const first = await gateway.json('/api/jobs?limit=10');
    expect(first.body).toHaveLength(10);
    expect(first.headers.get('x-next-page-token')).toBe('10');
    const last = await gateway.json('/api/jobs?limit=10&page_token=20');
    expect((last.body as { command: string }[]).map((j) => j.command)[0]).toBe('echo 20');
    expect(last.body).toHaveLength(7);
    expect(last.headers.get('x-next-page-token')).toBeNull();
    expect(last.headers.get('x-total-count')).toBe('27');
  });

  it('asks the node for a page of limit jobs (default 1000), never more', async () => {
    let asked = -1;
    cluster.override(1, {
      listJobs: async (request) => {
        asked = request.pageSize;
        return { jobs: [], nextPageToken: '', totalCount: 0 };
      },
    });
    await gateway.json('/api/jobs');
    expect(asked).toBe(1000);
    await gateway.json('/api/jobs?limit=1000');
    expect(asked).toBe(1000);
    cluster.override(1, {});
  });

  it('filters by status, worker and command (case-insensitive substring)', async () => {
    const commands = async (query: string) => ((await gateway.json(`/api/jobs?${query}`)).body as { command: string }[]).map((j) => j.command);
    expect(await commands('status=completed')).toEqual(['Make Build']);
    expect(await commands('worker=3')).toEqual(['sleep 30']);
    expect(await commands('command=make%20b')).toEqual(['Make Build']);
    expect(await commands('status=running&command=sleep')).toEqual(['sleep 30']);
    const filtered = await gateway.json('/api/jobs?command=echo&limit=5');
    expect(filtered.headers.get('x-total-count')).toBe('25');
  });

  it.each([
    ['limit=0', 'limit must be an integer between 1 and 1000'],
    ['limit=1001', 'limit must be an integer between 1 and 1000'],
    ['limit=ten', 'limit must be an integer between 1 and 1000'],
    ['limit=-1', 'limit must be an integer between 1 and 1000'],
    ['status=done', 'status must be one of pending, running, completed, failed, cancelled'],
    ['worker=0', 'worker must be a positive node id'],
    ['worker=abc', 'worker must be a positive node id'],
    ['page_token=abc', 'page_token must be a token from the X-Next-Page-Token header'],
    ['offset=10', 'Unknown query parameter "offset"'],
    ['limit=5&limit=6', 'Query parameter "limit" is given more than once'],
  ])('refuses ?%s with 400', async (query, error) => {
    const { status, body } = await gateway.json(`/api/jobs?${query}`);
    expect(status).toBe(400);
    expect(body).toEqual({ success: false, job_id: null, error });
  });

  it('passes on the node’s refusal of a page token as a 400', async () => {
    cluster.override(1, { listJobs: async () => Promise.reject(new (await import('@connectrpc/connect')).ConnectError('Invalid page token', 3)) });
    const { status, body } = await gateway.json('/api/jobs?page_token=99999999999999999999');
    cluster.override(1, {});
    expect(status).toBe(400);
    expect(body).toEqual({ success: false, job_id: null, error: 'Invalid page token' });
  });
});
