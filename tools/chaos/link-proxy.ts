import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * One directed link of the cluster: node `from` reaches node `to` through this TCP proxy
 * (its `--peers` entry names the proxy), so cutting the proxy partitions exactly that
 * direction: `from`'s requests to `to`, and `to`'s answers to them.
 *
 * Cut: bytes stop flowing both ways on every open connection, as if the network dropped
 * every packet, and new connections are accepted but carry nothing. Heal: the connections
 * held during the cut are reset (a partition long enough to matter breaks TCP connections
 * too) and new ones flow normally.
 */
export class LinkProxy {
  private readonly pairs = new Set<{ client: Socket; upstream: Socket | undefined }>();
  private cut = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static start(targetPort: number): Promise<LinkProxy> {
    return new Promise((resolve, reject) => {
      let proxy: LinkProxy;
      const server = createServer({ noDelay: true }, (client) => proxy.accept(client, targetPort));
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        proxy = new LinkProxy(server, (server.address() as { port: number }).port);
        resolve(proxy);
      });
    });
  }

  get isCut(): boolean {
    return this.cut;
  }

  setCut(cut: boolean): void {
    if (cut === this.cut) return;
    this.cut = cut;
    for (const pair of [...this.pairs]) {
      if (cut) {
        pair.client.unpipe();
        pair.upstream?.unpipe();
        pair.client.pause();
        pair.upstream?.pause();
      } else {
        this.drop(pair);
      }
    }
  }

  close(): Promise<void> {
    for (const pair of [...this.pairs]) this.drop(pair);
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, targetPort: number): void {
    const pair: { client: Socket; upstream: Socket | undefined } = { client, upstream: undefined };
    this.pairs.add(pair);
    client.on('error', () => this.drop(pair));
    client.on('close', () => this.drop(pair));
    if (this.cut) {
      client.pause();
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort, noDelay: true });
    pair.upstream = upstream;
    upstream.on('error', () => this.drop(pair));
    upstream.on('close', () => this.drop(pair));
    client.pipe(upstream);
    upstream.pipe(client);
  }

  private drop(pair: { client: Socket; upstream: Socket | undefined }): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.resetAndDestroy();
    pair.upstream?.resetAndDestroy();
  }
}
