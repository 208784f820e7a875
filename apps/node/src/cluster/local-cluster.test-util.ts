import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@sched/raft';
import { type ServerConfig, parseServerConfig } from '../config/server-config';
import { createLogger } from '../log/logger';
import { type RunningNode, type StartNodeOptions, startNode } from './start-node';

/** Free loopback ports, found by binding port 0 (the OS will not hand them out again at once). */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let k = 0; k < count; k++) {
    ports.push(
      await new Promise<number>((resolve, reject) => {
        const s = createServer();
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => {
          const { port } = s.address() as { port: number };
          s.close(() => resolve(port));
        });
      }),
    );
  }
  return ports;
}

/** Fast timings for tests: 2 ms ticks, 40-80 ms election timeouts, 10 ms heartbeats. */
const FAST = { tickMs: '2', electionTimeoutMs: '40', heartbeatIntervalMs: '10', peerLivenessMs: '500' };

/**
 * N real nodes on loopback, each with its own gRPC server, optionally durable (a temp
 * data dir per node, removed by `destroy`). Nodes can be stopped and restarted.
 */
export class LocalCluster {
  readonly nodes: (RunningNode | undefined)[] = [];
  /** Directed links that are down: `${from}->${to}`. */
  private readonly cut = new Set<string>();
  readonly configs: ServerConfig[] = [];
  private readonly dataRoot: string | undefined;

  private constructor(
    ports: number[],
    durable: boolean,
    private readonly services: StartNodeOptions['services'],
  ) {
    this.dataRoot = durable ? mkdtempSync(join(tmpdir(), 'sched-cluster-')) : undefined;
    ports.forEach((port, k) => {
      const id = k + 1;
      const peers = ports.map((p, j) => `${j + 1}:127.0.0.1:${p}`).filter((_, j) => j !== k).join(',');
      const raw = { nodeId: String(id), port: String(port), listenHost: '127.0.0.1', peers, ...FAST, ...(this.dataRoot === undefined ? {} : { dataDir: join(this.dataRoot, `node${id}`) }) };
      this.configs.push(parseServerConfig(raw, { cpuCount: 2, env: {} }));
    });
  }

  static async start(size: number, options: { durable?: boolean; services?: StartNodeOptions['services'] } = {}): Promise<LocalCluster> {
    const cluster = new LocalCluster(await freePorts(size), options.durable ?? false, options.services);
    for (let id = 1; id <= size; id++) await cluster.restart(id);
    return cluster;
  }

  async restart(id: number): Promise<RunningNode> {
    const node = await startNode({
      config: this.configs[id - 1]!,
      tls: undefined,
      log: createLogger('error', () => {}),
      linkUp: (from, to) => !this.cut.has(`${from}->${to}`),
      ...(this.services === undefined ? {} : { services: this.services }),
    });
    this.nodes[id - 1] = node;
    return node;
  }

  /** Cuts every link between the groups (both directions); nodes in one group still talk. */
  partition(...groups: number[][]): void {
    this.heal();
    for (const a of groups) for (const b of groups) if (a !== b) for (const x of a) for (const y of b) this.cut.add(`${x}->${y}`);
  }

  /** Cuts `id` off from every other node. */
  isolate(id: number): void {
    const others = this.configs.map((c) => c.nodeId).filter((n) => n !== id);
    this.partition([id], others);
  }

  heal(): void {
    this.cut.clear();
  }

  node(id: number): RunningNode {
    const n = this.nodes[id - 1];
    if (n === undefined) throw new Error(`node ${id} is stopped`);
    return n;
  }

  async stop(id: number): Promise<void> {
    await this.nodes[id - 1]?.stop();
    this.nodes[id - 1] = undefined;
  }

  running(): RunningNode[] {
    return this.nodes.filter((n): n is RunningNode => n !== undefined);
  }

  leaders(): RunningNode[] {
    return this.running().filter((n) => n.driver.status().role === Role.Leader);
  }

  async waitForLeader(timeoutMs = 5000): Promise<RunningNode> {
    await until(() => this.leaders().length === 1, timeoutMs);
    return this.leaders()[0]!;
  }

  async destroy(): Promise<void> {
    for (let id = 1; id <= this.nodes.length; id++) await this.stop(id);
    if (this.dataRoot !== undefined) rmSync(this.dataRoot, { recursive: true, force: true });
  }
}

export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
