import { createServer, type Server } from 'node:net';

/**
 * `count` distinct loopback ports that were free a moment ago, found by binding port 0.
 * Every listener stays open until all are bound, so the OS cannot hand out one port twice.
 * Test utilities of the apps import this file too (it depends on nothing but node:net).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let k = 0; k < count; k++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}
