import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toBinary } from '@bufbuild/protobuf';
import type { Client } from '@connectrpc/connect';
import { type Entry, EntryKind, Role } from '@sched/raft';
import { type ClientPool, createClientPool } from '@sched/rpc';
import { CommandSchema, SchedulerService } from '@sched/rpc/gen';
import { type ApplyResult, commands } from '@sched/scheduler';
import { randomUUID } from 'node:crypto';
import { schedulerServiceHandlers } from '../api/scheduler-service';
import { type RawServerOptions, type ServerConfig, parseServerConfig } from '../config/server-config';
import { createLogger } from '../log/logger';
import { createNodeContext } from './node-context-impl';
import { type RunningNode, type StartNodeOptions, startNode } from './start-node';
import { WorkerHeartbeats } from './worker-heartbeats';
export { freePorts } from '../../../../tools/harness/free-ports';
import { freePorts } from '../../../../tools/harness/free-ports';


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
  /** Every error-level log line of every node, in order: `node N: <msg>`. */
  readonly errors: string[] = [];
  private readonly dataRoot: string | undefined;
  private pool: ClientPool | undefined;

  private constructor(
    ports: number[],
    durable: boolean,
    private readonly services: StartNodeOptions['services'],
    overrides: RawServerOptions,
    private readonly onApplied: ((id: number, result: ApplyResult, entry: Entry) => void) | undefined,
  ) {
    this.dataRoot = durable ? mkdtempSync(join(tmpdir(), 'sched-cluster-')) : undefined;
    ports.forEach((port, k) => {
      const id = k + 1;
      const peers = ports.map((p, j) => `${j + 1}:127.0.0.1:${p}`).filter((_, j) => j !== k).join(',');
      const raw = { nodeId: String(id), port: String(port), listenHost: '127.0.0.1', peers, ...FAST, ...(this.dataRoot === undefined ? {} : { dataDir: join(this.dataRoot, `node${id}`) }), ...overrides };
      this.configs.push(parseServerConfig(raw, { cpuCount: 2, env: {} }));
    });
  }

  /**
   * `config`: raw `sched server` options for every node (e.g. `{ snapshotEvery: '100' }`);
   * `onApplied`: every apply result of node `id` (a worker's input).
   */
  static async start(
    size: number,
    options: {
      durable?: boolean;
      services?: StartNodeOptions['services'];
      config?: RawServerOptions;
      onApplied?: (id: number, result: ApplyResult, entry: Entry) => void;
    } = {},
  ): Promise<LocalCluster> {
    const cluster = new LocalCluster(await freePorts(size), options.durable ?? false, options.services, options.config ?? {}, options.onApplied);
    for (let id = 1; id <= size; id++) await cluster.restart(id);
    return cluster;
  }

  async restart(id: number): Promise<RunningNode> {
    const node = await startNode({
      config: this.configs[id - 1]!,
      tls: undefined,
      log: createLogger('error', (line) => this.errors.push(`node ${id}: ${(JSON.parse(line) as { msg: string }).msg}`)),
      linkUp: (from, to) => !this.cut.has(`${from}->${to}`),
      ...(this.services === undefined ? {} : { services: this.services }),
      ...(this.onApplied === undefined ? {} : { onApplied: (result: ApplyResult, entry: Entry) => this.onApplied?.(id, result, entry) }),
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

  /** A SchedulerService client of node `id` (the cluster must run `schedulerApi`). */
  client(id: number): Client<typeof SchedulerService> {
    this.pool ??= createClientPool({ tls: undefined, defaultTimeoutMs: 5000 });
    return this.pool.client(SchedulerService, `http://127.0.0.1:${this.configs[id - 1]!.port}`);
  }

  /**
   * Waits until `nodes` hold logs with the same last (index, term) and have applied all of
   * it, then checks entry by entry that the logs agree wherever two of them hold an entry
   * and that the job tables are byte-for-byte equal. Returns the common last index.
   */
  async expectConverged(nodes: RunningNode[] = this.running(), timeoutMs = 10_000): Promise<number> {
    const last = (n: RunningNode) => n.driver.status().lastIndex;
    await until(() => nodes.every((n) => last(n) === last(nodes[0]!) && n.stores.raft.term(last(n)) === nodes[0]!.stores.raft.term(last(n)) && n.driver.appliedIndex() === last(n)), timeoutMs);
    const first = Math.max(...nodes.map((n) => n.stores.raft.firstIndex()));
    for (const n of nodes) expect(logOf(n, first)).toEqual(logOf(nodes[0]!, first));
    const table = Buffer.from(nodes[0]!.machine.table.snapshot());
    for (const n of nodes) expect(Buffer.from(n.machine.table.snapshot()).equals(table)).toBe(true);
    return last(nodes[0]!);
  }

  /** Heals every partition, then waits for one leader and converged nodes (between tests sharing a cluster). */
  async settle(): Promise<void> {
    this.heal();
    await this.waitForLeader();
    await this.expectConverged();
  }

  async destroy(): Promise<void> {
    this.pool?.close();
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

/** Fails as soon as `condition` holds during the next `ms` (what must not happen, watched for a while). */
export async function never(condition: () => boolean, ms: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (condition()) throw new Error('a condition that must not hold did hold');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A SubmitJob proposal: its job id and the encoded Command. */
export function submission(command: string): { jobId: string; data: Uint8Array } {
  const jobId = randomUUID();
  return { jobId, data: toBinary(CommandSchema, commands.submitJob({ jobId, command, createdAtMs: BigInt(Date.now()) })) };
}

/**
 * `count` acknowledged SubmitJob proposals to `leader`, `inFlight` at a time (default one
 * after the other); resolves with their job ids in order. Rejects on the first failure.
 */
export async function proposeJobs(leader: RunningNode, count: number, command: (k: number) => string, inFlight = 1): Promise<string[]> {
  const ids: string[] = [];
  for (let k = 0; k < count; k += inFlight) {
    const batch = Array.from({ length: Math.min(inFlight, count - k) }, (_, j) => submission(command(k + j)));
    await Promise.all(batch.map((s) => leader.driver.propose(s.data)));
    ids.push(...batch.map((s) => s.jobId));
  }
  return ids;
}

/** `index:term:kind` of the entries `node` holds from `from` (default: its first index) to its last. */
export function logOf(node: RunningNode, from = node.stores.raft.firstIndex()): string[] {
  const raft = node.stores.raft;
  if (from > raft.lastIndex()) return [];
  return raft.entries(from, raft.lastIndex() + 1, Number.MAX_SAFE_INTEGER).map((e) => `${e.index}:${e.term}:${e.kind === EntryKind.Noop ? 'noop' : 'cmd'}`);
}

/** How many application commands (not leader no-ops) `node`'s log holds beyond its snapshot. */
export function commandCount(node: RunningNode): number {
  return logOf(node).filter((e) => e.endsWith(':cmd')).length;
}

/** `services` for LocalCluster.start: the real SchedulerService on every node (no worker, no leader duties). */
export const schedulerApi: NonNullable<StartNodeOptions['services']> = (router, runtime) => {
  router.service(SchedulerService, schedulerServiceHandlers(createNodeContext(runtime, new WorkerHeartbeats(), 'http')));
};
