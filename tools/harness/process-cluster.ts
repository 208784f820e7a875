import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './free-ports';
import { NodeProcess } from './node-process';

export interface ProcessClusterOptions {
  readonly size: number;
  /** Flags every node gets after its membership flags (e.g. `--executor exec`). */
  readonly flags?: readonly string[];
  /** Node options of node `id`'s process (e.g. `--cpu-prof`). */
  readonly nodeOptions?: (id: number, root: string) => readonly string[];
  /**
   * Where node `from` reaches node `to` (its `--peers` entry). Default: `to`'s own port;
   * the chaos command routes every pair through a fault-injecting proxy instead.
   */
  readonly peerAddress?: (from: number, to: number, ports: readonly number[]) => string;
  /** Parent of the data directories and logs; default: a new directory under the OS temp dir. */
  readonly root?: string;
}

/**
 * `size` `sched server` processes on loopback with `--data-dir` (fsync on): node i listens
 * on ports[i - 1] and keeps its state in `<root>/node<i>` and its log in `<root>/node<i>.log`.
 * Nodes can be killed, paused, resumed and started again on the same state.
 */
export class ProcessCluster {
  private readonly nodes = new Map<number, NodeProcess>();

  private constructor(
    readonly ports: readonly number[],
    readonly root: string,
    private readonly options: ProcessClusterOptions,
  ) {}

  static async create(options: ProcessClusterOptions): Promise<ProcessCluster> {
    const root = options.root ?? mkdtempSync(join(tmpdir(), 'sched-cluster-'));
    mkdirSync(root, { recursive: true });
    return new ProcessCluster(await freePorts(options.size), root, options);
  }

  get ids(): number[] {
    return this.ports.map((_, k) => k + 1);
  }

  url(id: number): string {
    return `http://127.0.0.1:${this.ports[id - 1]}`;
  }

  logPath(id: number): string {
    return join(this.root, `node${id}.log`);
  }

  dataDir(id: number): string {
    return join(this.root, `node${id}`);
  }

  node(id: number): NodeProcess | undefined {
    const node = this.nodes.get(id);
    return node?.running === true ? node : undefined;
  }

  isRunning(id: number): boolean {
    return this.node(id) !== undefined;
  }

  start(id: number): void {
    if (this.isRunning(id)) throw new Error(`node ${id} is already running`);
    const peerAddress = this.options.peerAddress ?? ((_from, to, ports) => `127.0.0.1:${ports[to - 1]}`);
    const peers = this.ids.filter((other) => other !== id).map((other) => `${other}:${peerAddress(id, other, this.ports)}`);
    const args = ['--node-id', String(id), '--port', String(this.ports[id - 1]), '--listen-host', '127.0.0.1'];
    args.push('--peers', peers.join(','), '--data-dir', this.dataDir(id), ...(this.options.flags ?? []));
    this.nodes.set(id, new NodeProcess(args, this.logPath(id), this.options.nodeOptions?.(id, this.root)));
  }

  startAll(): void {
    for (const id of this.ids) this.start(id);
  }

  /** Sends `signal` to node `id` (if it runs) and waits for it to exit. */
  async stop(id: number, signal: NodeJS.Signals): Promise<void> {
    const node = this.node(id);
    if (node === undefined) return;
    node.signal(signal);
    await node.exited;
  }

  /** Freezes node `id` (SIGSTOP); its jobs, in processes of their own, keep running. */
  pause(id: number): void {
    this.node(id)?.signal('SIGSTOP');
  }

  resume(id: number): void {
    this.node(id)?.signal('SIGCONT');
  }

  async stopAll(signal: NodeJS.Signals): Promise<void> {
    for (const id of this.ids) this.resume(id);
    await Promise.all(this.ids.map((id) => this.stop(id, signal)));
  }

  /** Kills every node; removes the root directory unless `keep`. */
  async destroy(keep = false): Promise<void> {
    await this.stopAll('SIGKILL');
    if (!keep) rmSync(this.root, { recursive: true, force: true });
  }
}
