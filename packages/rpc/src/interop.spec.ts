import * as grpc from '@grpc/grpc-js';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { Http2SessionManager, createConnectTransport } from '@connectrpc/connect-node';
import { type ClientPool, createClientPool } from './clients';
import { leaderHintOf } from './errors';
import { InternalService, SchedulerService } from './gen/scheduler_pb';
import { GrpcJsScheduler, grpcJsError } from './grpc-js-client.test-util';
import { FIXTURE_CREATED_AT_MS, FIXTURE_STREAM_LENGTH, schedulerFixture, startLocal } from './scheduler-fixture.test-util';
import type { RpcServer } from './server';
import { connectError } from './rejection.test-util';

/**
 * Interop over plaintext HTTP/2: our Connect clients and an independent gRPC client
 * (@grpc/grpc-js, proto loaded at run time) against a connect-node server. The mTLS
 * variant is in tls.spec.ts.
 */

let server: RpcServer;
let pool: ClientPool;
let grpcJs: GrpcJsScheduler;
let url: string;

beforeAll(async () => {
  server = await startLocal(schedulerFixture);
  url = `http://127.0.0.1:${server.port}`;
  pool = createClientPool({ defaultTimeoutMs: 5000 });
  grpcJs = new GrpcJsScheduler(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
});

afterAll(async () => {
  grpcJs.close();
  pool.close();
  await server.close();
});

describe('unary and server-streaming calls', () => {
  it('SubmitJob: the same answer for Connect and grpc-js', async () => {
    const viaConnect = await pool.client(SchedulerService, url).submitJob({ command: 'echo hi' });
    expect(viaConnect.jobId).toBe('plaintext:echo hi');
    expect(viaConnect.createdAtMs).toBe(FIXTURE_CREATED_AT_MS);
    const viaGrpcJs = await grpcJs.unary('SubmitJob', { command: 'echo hi', image: 'alpine' });
    expect(viaGrpcJs).toEqual({ job_id: 'plaintext:echo hi', created_at_ms: String(FIXTURE_CREATED_AT_MS) });
  });

  it('StreamJobs: every item, in order, then a clean end', async () => {
    const viaConnect = [];
    for await (const job of pool.client(SchedulerService, url).streamJobs({})) viaConnect.push(job.jobId);
    const viaGrpcJs = await grpcJs.stream('StreamJobs', {});
    const expected = Array.from({ length: FIXTURE_STREAM_LENGTH }, (_, i) => `job-${i}`);
    expect(viaConnect).toEqual(expected);
    expect(viaGrpcJs.map((j) => j['job_id'])).toEqual(expected);
    expect(viaGrpcJs[1]).toMatchObject({ status: 'JOB_STATUS_PENDING', created_at_ms: '1' });
  });
});

describe('the not-leader error on the wire', () => {
  it('Connect client: FAILED_PRECONDITION, the exact text, the leader in trailers', async () => {
    const error = await connectError(pool.client(SchedulerService, url).getJobStatus({ jobId: 'x' }));
    expect(error.code).toBe(Code.FailedPrecondition);
    expect(error.rawMessage).toBe('Not the leader. Try 127.0.0.1:50052');
    expect(error.metadata.get('x-sched-leader-id')).toBe('2');
    expect(error.metadata.get('x-sched-leader-addr')).toBe('127.0.0.1:50052');
    expect(leaderHintOf(error)).toEqual({ id: 2, address: '127.0.0.1:50052' });
  });

  it('grpc-js client: FAILED_PRECONDITION, the exact text (grpc-message encoded as the gRPC spec says), the trailers', async () => {
    const error = await grpcJsError(grpcJs.unary('GetJobStatus', { job_id: 'x' }));
    expect(error.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(error.details).toBe('Not the leader. Try 127.0.0.1:50052');
    expect(error.metadata.get('x-sched-leader-id')).toEqual(['2']);
    expect(error.metadata.get('x-sched-leader-addr')).toEqual(['127.0.0.1:50052']);
  });

  it('leader unknown: the exact text for both clients, no trailers', async () => {
    const error = await connectError(pool.client(SchedulerService, url).cancelJob({ jobId: 'x' }));
    expect([error.code, error.rawMessage]).toEqual([Code.FailedPrecondition, 'Not the leader. Leader unknown, retry later']);
    expect(error.metadata.get('x-sched-leader-addr')).toBeNull();
    expect(leaderHintOf(error)).toBeUndefined();

    const viaGrpcJs = await grpcJsError(grpcJs.unary('CancelJob', { job_id: 'x' }));
    expect(viaGrpcJs.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(viaGrpcJs.details).toBe('Not the leader. Leader unknown, retry later');
    expect(viaGrpcJs.metadata.get('x-sched-leader-addr')).toEqual([]);
  });

  it('leader id known but not in --peers: "Try unknown address", the id in trailers, no hint', async () => {
    const error = await connectError(pool.client(SchedulerService, url).transferLeadership({}));
    expect(error.rawMessage).toBe('Not the leader. Try unknown address');
    expect(error.metadata.get('x-sched-leader-id')).toBe('3');
    expect(leaderHintOf(error)).toBeUndefined();
  });

  it('Connect protocol client (same port): the same code, text and leader headers', async () => {
    const sessionManager = new Http2SessionManager(url);
    try {
      const client = createClient(SchedulerService, createConnectTransport({ baseUrl: url, httpVersion: '2', sessionManager }));
      const error = await connectError(client.getJobStatus({ jobId: 'x' }));
      expect([error.code, error.rawMessage]).toEqual([Code.FailedPrecondition, 'Not the leader. Try 127.0.0.1:50052']);
      expect(leaderHintOf(error)).toEqual({ id: 2, address: '127.0.0.1:50052' });
    } finally {
      sessionManager.abort();
    }
  });
});

describe('status codes and deadlines', () => {
  it('an unimplemented RPC is UNIMPLEMENTED for both clients', async () => {
    expect((await connectError(pool.client(SchedulerService, url).drainNode({}))).code).toBe(Code.Unimplemented);
    expect((await grpcJsError(grpcJs.unary('DrainNode', {}))).code).toBe(grpc.status.UNIMPLEMENTED);
  });

  it('a service the server does not serve is UNIMPLEMENTED', async () => {
    const error = await connectError(pool.client(InternalService, url).workerHeartbeat({}));
    expect(error.code).toBe(Code.Unimplemented);
  });

  it('a call outliving its deadline is DEADLINE_EXCEEDED for both clients', async () => {
    const started = Date.now();
    const viaConnect = await connectError(pool.client(SchedulerService, url).listJobs({ pageSize: 10_000 }, { timeoutMs: 200 }));
    expect(viaConnect.code).toBe(Code.DeadlineExceeded);
    const viaGrpcJs = await grpcJsError(grpcJs.unary('ListJobs', { page_size: 10_000 }, 200));
    expect(viaGrpcJs.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a call within its deadline succeeds for both clients', async () => {
    expect((await pool.client(SchedulerService, url).listJobs({ pageSize: 50 }, { timeoutMs: 2000 })).totalCount).toBe(50);
    expect(await grpcJs.unary('ListJobs', { page_size: 50 }, 2000)).toMatchObject({ total_count: 50 });
  });
});
