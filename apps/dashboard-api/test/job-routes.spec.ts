import { Code, ConnectError } from '@connectrpc/connect';
import { JobStatus } from '@sched/rpc/gen';
import { JobDetailJson } from '../src/api/response-schemas';
import { FakeCluster } from './fake-cluster.test-util';
import { Gateway } from './gateway.test-util';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** GET and DELETE /api/jobs/:id, every error case. */
describe('/api/jobs/:id', () => {
  let cluster: FakeCluster;
  let gateway: Gateway;

  beforeAll(async () => {
    cluster = await FakeCluster.start(1, 1);
    gateway = await Gateway.start(cluster.urls, { leaderWaitMs: 200 });
  });
  afterAll(async () => {
    await gateway.close();
    await cluster.close();
  });
  afterEach(() => {
    cluster.leader = 1;
    cluster.override(1, {});
  });

  describe('GET', () => {
    it('answers one job with its output, error, exit code and workers', async () => {
      const job = cluster.addJob({ command: 'make <b>&"x"', status: JobStatus.FAILED, assignedWorker: 2n, executedBy: 2n, output: 'partial\n', error: 'boom\n', exitCode: 2 });
      job.completedAtMs = job.createdAtMs + 1n;
      const { status, body } = await gateway.json(`/api/jobs/${job.id}`);
      expect(status).toBe(200);
      expect(JobDetailJson.parse(body)).toEqual({
        id: job.id,
        command: 'make <b>&"x"',
        status: 'failed',
        executed_by: 2,
        output: 'partial\n',
        error: 'boom\n',
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
        completed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.001\+00:00$/),
        assigned_worker: 2,
        exit_code: 2,
      });
    });

    it('shows a pending job with nulls for what it does not have yet', async () => {
      const job = cluster.addJob({ command: 'echo later' });
      expect((await gateway.json(`/api/jobs/${job.id}`)).body).toMatchObject({ executed_by: null, output: null, error: null, completed_at: null, assigned_worker: null, exit_code: null });
    });

    it('finds the command among several jobs created in the same millisecond', async () => {
      const first = cluster.addJob({ command: 'first' });
      const twin = cluster.addJob({ command: 'twin', createdAtMs: first.createdAtMs });
      expect((await gateway.json(`/api/jobs/${twin.id}`)).body).toMatchObject({ command: 'twin' });
    });

    it('accepts the other UUID spellings and answers the canonical id', async () => {
      const job = cluster.addJob({ command: 'echo id' });
      for (const spelling of [job.id.toUpperCase(), job.id.replaceAll('-', ''), `%7B${job.id}%7D`, `urn:uuid:${job.id}`]) {
        expect((await gateway.json(`/api/jobs/${spelling}`)).body).toMatchObject({ id: job.id });
      }
    });

    it.each(['not-a-uuid', '1234', '%E0%A4%A', `${UNKNOWN}0`])('refuses the id %s with 400', async (id) => {
      expect(await gateway.json(`/api/jobs/${id}`)).toMatchObject({ status: 400, body: { success: false, error: 'invalid job id' } });
    });

    it('answers 404 for an unknown job', async () => {
      expect(await gateway.json(`/api/jobs/${UNKNOWN}`)).toMatchObject({ status: 404, body: { success: false, error: 'job not found' } });
    });

    it('answers 503 when no node is reachable', async () => {
      const lonely = await Gateway.start(['http://127.0.0.1:1'], { leaderWaitMs: 100 });
      const { status, body } = await lonely.json(`/api/jobs/${UNKNOWN}`);
      await lonely.close();
      expect(status).toBe(503);
      expect(body).toEqual({ success: false, error: expect.stringMatching(/^No sched node reachable \(last tried http:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/) });
    });
  });

  describe('DELETE', () => {
    it('cancels a running job', async () => {
      const job = cluster.addJob({ command: 'sleep 30', status: JobStatus.RUNNING, assignedWorker: 1n });
      expect(await gateway.json(`/api/jobs/${job.id}`, { method: 'DELETE' })).toMatchObject({ status: 200, body: { success: true, error: null } });
    });

    it.each([
      [JobStatus.COMPLETED, 'completed'],
      [JobStatus.FAILED, 'failed'],
      [JobStatus.CANCELLED, 'cancelled'],
    ])('refuses a terminal job (%s) with 400 job is already %s', async (status, name) => {
      const job = cluster.addJob({ command: 'true', status });
      expect(await gateway.json(`/api/jobs/${job.id}`, { method: 'DELETE' })).toMatchObject({ status: 400, body: { success: false, error: `job is already ${name}` } });
    });

    it('refuses a bad id with 400 and an unknown job with 404', async () => {
      expect(await gateway.json('/api/jobs/xyz', { method: 'DELETE' })).toMatchObject({ status: 400, body: { success: false, error: 'invalid job id' } });
      expect(await gateway.json(`/api/jobs/${UNKNOWN}`, { method: 'DELETE' })).toMatchObject({ status: 404, body: { success: false, error: 'job not found' } });
    });

    it('answers 503 with no leader, 503 for a full proposal queue and 504 for a commit deadline', async () => {
      const job = cluster.addJob({ command: 'sleep 30' });
      cluster.leader = 0;
      expect(await gateway.json(`/api/jobs/${job.id}`, { method: 'DELETE' })).toMatchObject({ status: 503, body: { error: 'Not the leader. Leader unknown, retry later' } });
      cluster.leader = 1;
      cluster.override(1, { cancelJob: async () => Promise.reject(new ConnectError('proposal queue full', Code.ResourceExhausted)) });
      expect(await gateway.json(`/api/jobs/${job.id}`, { method: 'DELETE' })).toMatchObject({ status: 503, body: { error: 'proposal queue full' } });
      cluster.override(1, { cancelJob: async () => Promise.reject(new ConnectError('timed out waiting for Raft commit', Code.DeadlineExceeded)) });
      expect(await gateway.json(`/api/jobs/${job.id}`, { method: 'DELETE' })).toMatchObject({ status: 504, body: { error: 'timed out waiting for Raft commit' } });
    });
  });
});
