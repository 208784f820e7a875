import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { ServiceImpl } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { SchedulerService } from '@sched/rpc/gen';

export type FakeScheduler = Partial<ServiceImpl<typeof SchedulerService>>;

/** A SchedulerService served over h2c on 127.0.0.1 (port 0), for driving the CLI end to end. */
export interface FakeServer {
  readonly url: string;
  /** `127.0.0.1:<port>`, as nodes name each other. */
  readonly address: string;
  /** Requests received per RPC name, in order. */
  readonly calls: string[];
  close(): Promise<void>;
}

export async function startFakeScheduler(implementation: FakeScheduler): Promise<FakeServer> {
  const calls: string[] = [];
  const recorded: FakeScheduler = {};
  for (const [name, method] of Object.entries(implementation)) {
    (recorded as Record<string, unknown>)[name] = (...args: unknown[]) => {
      calls.push(name);
      return (method as (...a: unknown[]) => unknown)(...args);
    };
  }
  const handler = connectNodeAdapter({
    routes: (router) => router.service(SchedulerService, recorded),
    grpc: true,
    connect: false,
    grpcWeb: false,
  });
  const server = http2.createServer(handler);
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    address: `127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}
