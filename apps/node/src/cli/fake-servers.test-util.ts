import { type Code, ConnectError } from '@connectrpc/connect';
import { type FakeScheduler, type FakeServer, startFakeScheduler } from './fake-scheduler.test-util';

/**
 * Fake servers of one spec file, all closed in its afterAll (call `useFakeServers()` at the
 * top level of the file).
 */
export function useFakeServers(): (implementation: FakeScheduler) => Promise<FakeServer> {
  const servers: FakeServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });
  return async (implementation) => {
    const server = await startFakeScheduler(implementation);
    servers.push(server);
    return server;
  };
}

/** An RPC implementation that always fails with `message` and `code`. */
export function rejectWith(message: string, code: Code): () => never {
  return () => {
    throw new ConnectError(message, code);
  };
}
