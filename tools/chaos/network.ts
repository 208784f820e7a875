import { LinkProxy } from './link-proxy';

/**
 * Every directed link between the nodes of a cluster, each through its own LinkProxy, so
 * any set of directions can be cut: one way, both ways around a node, or all of them.
 */
export class ChaosNetwork {
  private constructor(private readonly links: ReadonlyMap<string, LinkProxy>) {}

  /** Proxies for every ordered pair of `ids`, node `to` listening on `ports[to - 1]`. */
  static async start(ids: readonly number[], ports: readonly number[]): Promise<ChaosNetwork> {
    const links = new Map<string, LinkProxy>();
    for (const from of ids) for (const to of ids) if (from !== to) links.set(key(from, to), await LinkProxy.start(ports[to - 1]!));
    return new ChaosNetwork(links);
  }

  /** The `host:port` node `from` must list for node `to` in its `--peers`. */
  address(from: number, to: number): string {
    return `127.0.0.1:${this.link(from, to).port}`;
  }

  cut(from: number, to: number): void {
    this.link(from, to).setCut(true);
  }

  /** Cuts every link to and from `id`. */
  isolate(id: number): void {
    for (const [name, link] of this.links) if (name.split('>').includes(String(id))) link.setCut(true);
  }

  healAll(): void {
    for (const link of this.links.values()) link.setCut(false);
  }

  async close(): Promise<void> {
    await Promise.all([...this.links.values()].map((link) => link.close()));
  }

  private link(from: number, to: number): LinkProxy {
    const link = this.links.get(key(from, to));
    if (link === undefined) throw new Error(`no link ${from} -> ${to}`);
    return link;
  }
}

function key(from: number, to: number): string {
  return `${from}>${to}`;
}
