import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { Http2SessionManager, createGrpcTransport } from '@connectrpc/connect-node';
import { createClientPool } from './clients';
import { SchedulerService } from './gen/scheduler_pb';
import { MAX_MESSAGE_BYTES, MAX_SESSION_MEMORY_MIB } from './limits';
import { neverAnswering, schedulerFixture, startLocal } from './scheduler-fixture.test-util';
import { type RpcServer, startRpcServer } from './server';
import { connectError } from './rejection.test-util';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const start = () => startLocal(schedulerFixture);

/**
 * Starts a GetClusterStatus without deadline on `server`, closes the server while it runs,
 * and reports how long close() took and how the call ended.
 */
async function closeDuringCall(server: RpcServer, graceMs?: number): Promise<{ elapsed: number; error: ConnectError }> {
  const pool = createClientPool({ defaultTimeoutMs: 10_000 });
  try {
    const client = pool.client(SchedulerService, `http://127.0.0.1:${server.port}`);
    const outcome = connectError(client.getClusterStatus({}, { timeoutMs: 0 }));
    await delay(50);
    const started = Date.now();
    await server.close(graceMs === undefined ? {} : { graceMs });
    return { elapsed: Date.now() - started, error: await outcome };
  } finally {
    pool.close();
  }
}


describe('startRpcServer', () => {
  it('binds port 0 to a free port and reports it', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    try {
      expect(a.port).toBeGreaterThan(0);
      expect(b.port).toBeGreaterThan(0);
      expect(a.port).not.toBe(b.port);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('rejects when the port is taken', async () => {
    const a = await start();
    try {
      await expect(startRpcServer({ host: '127.0.0.1', port: a.port, routes: schedulerFixture })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await a.close();
    }
  });

  it('closes promptly although a pooled client keeps its connection open, and close() is idempotent', async () => {
    const server = await start();
    const pool = createClientPool({ defaultTimeoutMs: 2000 });
    try {
      await pool.client(SchedulerService, `http://127.0.0.1:${server.port}`).submitJob({ command: 'x' });
      const started = Date.now();
      await Promise.all([server.close(), server.close()]);
      expect(Date.now() - started).toBeLessThan(500);
    } finally {
      pool.close();
    }
  });

  it('aborts handlers\' ctx.signal on close: a call can end at once, UNAVAILABLE for the client', async () => {
    let seen: unknown;
    const server = await startLocal((router) =>
      router.service(SchedulerService, {
        // A long-lived call that gives up when its signal aborts.
        getClusterStatus: (_req, ctx) =>
          new Promise((_resolve, reject) =>
            ctx.signal.addEventListener('abort', () => {
              seen = ctx.signal.reason;
              reject(ctx.signal.reason);
            }),
          ),
      }),
    );
    const { elapsed, error } = await closeDuringCall(server);
    expect(elapsed).toBeLessThan(500);
    expect([error.code, error.rawMessage]).toEqual([Code.Unavailable, 'server is shutting down']);
    expect(seen).toBeInstanceOf(ConnectError);
  });

  it('destroys connections whose calls outlive the grace period', async () => {
    const { elapsed, error } = await closeDuringCall(await startLocal(neverAnswering), 200);
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(1000);
    expect([Code.Canceled, Code.Unavailable]).toContain(error.code);
  });

  it(`refuses requests above ${MAX_MESSAGE_BYTES} bytes with RESOURCE_EXHAUSTED`, async () => {
    const server = await start();
    const baseUrl = `http://127.0.0.1:${server.port}`;
    const sessionManager = new Http2SessionManager(baseUrl, {}, { maxSessionMemory: MAX_SESSION_MEMORY_MIB });
    try {
      // A transport without a write limit, so the server's read limit is what refuses it.
      const unbounded = createClient(SchedulerService, createGrpcTransport({ baseUrl, sessionManager }));
      const error = await connectError(unbounded.submitJob({ command: 'x'.repeat(MAX_MESSAGE_BYTES + 1) }));
      expect(error.code).toBe(Code.ResourceExhausted);
      expect(error.rawMessage).toMatch(/larger than configured readMaxBytes 16777216/);
    } finally {
      sessionManager.abort();
      await server.close();
    }
  });
});
