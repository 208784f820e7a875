import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
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
      expect(Date.now() - started).toBeLessThan(2000); // without session tracking: never
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
    expect(elapsed).toBeLessThan(2000); // not the 1000 ms grace plus a destroy: the call ended itself
    expect([error.code, error.rawMessage]).toEqual([Code.Unavailable, 'server is shutting down']);
    expect(seen).toBeInstanceOf(ConnectError);
  });

  it('serves more concurrent calls than an AbortSignal\'s default listener limit without a leak warning', () => {
    // In a child process: Node emits the warning on the real process, which jest's sandbox does not see.
    const script = `
      const { createClient } = require('@connectrpc/connect');
      const { createGrpcTransport } = require('@connectrpc/connect-node');
      const { startRpcServer } = require(${JSON.stringify(join(__dirname, 'server.ts'))});
      const { SchedulerService } = require(${JSON.stringify(join(__dirname, 'gen', 'scheduler_pb.ts'))});
      (async () => {
        const inFlight = 40;
        let arrived = 0, releaseAll;
        const released = new Promise((resolve) => (releaseAll = resolve));
        const server = await startRpcServer({ host: '127.0.0.1', port: 0, routes: (router) => router.service(SchedulerService, {
          getClusterStatus: async () => { if (++arrived === inFlight) releaseAll(); await released; return {}; },
        }) });
        const client = createClient(SchedulerService, createGrpcTransport({ baseUrl: 'http://127.0.0.1:' + server.port }));
        await Promise.all(Array.from({ length: inFlight }, () => client.getClusterStatus({})));
        await server.close({ graceMs: 0 });
        console.log('served ' + arrived);
      })();
    `;
    const root = join(__dirname, '..', '..', '..');
    const run = spawnSync(process.execPath, ['--conditions=@sched/source', '-r', join(root, 'tools', 'register-ts.cjs'), '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect({ stdout: run.stdout.trim(), stderr: run.stderr }).toEqual({ stdout: 'served 40', stderr: '' });
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
