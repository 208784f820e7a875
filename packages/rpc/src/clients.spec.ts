import { Code, ConnectError } from '@connectrpc/connect';
import { createClientPool } from './clients';
import { InternalService, SchedulerService } from './gen/scheduler_pb';
import { MAX_MESSAGE_BYTES } from './limits';
import { neverAnswering, schedulerFixture, startLocal } from './scheduler-fixture.test-util';
import type { RpcServer } from './server';
import { connectError } from './rejection.test-util';


let server: RpcServer;
let url: string;

beforeAll(async () => {
  server = await startLocal(schedulerFixture);
  url = `http://127.0.0.1:${server.port}`;
});

afterAll(() => server.close());

describe('createClientPool', () => {
  it('hands out one client per service and base URL', () => {
    const pool = createClientPool({ defaultTimeoutMs: 1000 });
    try {
      const a = pool.client(SchedulerService, url);
      expect(pool.client(SchedulerService, `${url}/`)).toBe(a);
      expect(pool.client(InternalService, url)).not.toBe(a);
      expect(pool.client(SchedulerService, `http://localhost:${server.port}`)).not.toBe(a);
    } finally {
      pool.close();
    }
  });

  it.each([
    ['a path', 'http://127.0.0.1:1/api'],
    ['a query', 'http://127.0.0.1:1/?x=1'],
    ['another scheme', 'ftp://127.0.0.1:1'],
    ['no scheme', '127.0.0.1:1'],
  ])('refuses a base URL with %s', (_name, bad) => {
    const pool = createClientPool({ defaultTimeoutMs: 1000 });
    expect(() => pool.client(SchedulerService, bad)).toThrow();
    pool.close();
  });

  it('refuses https:// without TLS material', () => {
    const pool = createClientPool({ defaultTimeoutMs: 1000 });
    expect(() => pool.client(SchedulerService, 'https://127.0.0.1:1')).toThrow(/needs TLS/);
    pool.close();
  });

  it('applies the default deadline to calls that bring none, and lets a call set its own', async () => {
    const pool = createClientPool({ defaultTimeoutMs: 150 });
    try {
      const client = pool.client(SchedulerService, url);
      // ListJobs sleeps page_size ms.
      expect((await connectError(client.listJobs({ pageSize: 2000 }))).code).toBe(Code.DeadlineExceeded);
      expect((await client.listJobs({ pageSize: 300 }, { timeoutMs: 2000 })).totalCount).toBe(300);
    } finally {
      pool.close();
    }
  });

  it(`sends and receives messages up to ${MAX_MESSAGE_BYTES} bytes, and refuses larger ones before sending`, async () => {
    const pool = createClientPool({ defaultTimeoutMs: 20_000 });
    try {
      const client = pool.client(SchedulerService, url);
      // The fixture echoes the command: request and response both just under the limit.
      const big = 'x'.repeat(MAX_MESSAGE_BYTES - 64);
      expect((await client.submitJob({ command: big })).jobId).toBe(`plaintext:${big}`);
      const error = await connectError(client.submitJob({ command: `${big}${'x'.repeat(128)}` }));
      expect(error.code).toBe(Code.ResourceExhausted);
      expect(error.rawMessage).toMatch(/writeMaxBytes/);
    } finally {
      pool.close();
    }
  });

  it('close() aborts calls in flight and makes the pool unusable', async () => {
    // Nothing but close() ends a call to this server.
    const hanging = await startLocal(neverAnswering);
    const pool = createClientPool({ defaultTimeoutMs: 10_000 });
    try {
      const baseUrl = `http://127.0.0.1:${hanging.port}`;
      const call = connectError(pool.client(SchedulerService, baseUrl).getClusterStatus({}, { timeoutMs: 0 }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      pool.close();
      expect((await call).code).toBe(Code.Canceled);
      expect(() => pool.client(SchedulerService, baseUrl)).toThrow(/closed/);
    } finally {
      await hanging.close({ graceMs: 0 });
    }
  });
});
