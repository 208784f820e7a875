import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { eventually as poll } from '../../../tools/harness/eventually';
import { freePorts } from '../../../tools/harness/free-ports';

/** Retries `probe` every 100 ms until it returns a value, for up to `timeoutMs`. */
export const eventually = <T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> => poll(probe, timeoutMs);

const ROOT = join(__dirname, '..', '..', '..');
/** `sched server` run from apps/node's TypeScript sources (never a stale dist/), as apps/node's own process tests do. */
const MAIN = join(ROOT, 'apps', 'node', 'src', 'cli', 'main.ts');
const REGISTER = join(ROOT, 'tools', 'register-ts.cjs');

/** Fast timings for tests (the defaults are REF's 150 ms elections, 3 s liveness, 2 s worker heartbeats). */
const FAST = [
  '--tick-ms', '5', '--election-timeout-ms', '100', '--heartbeat-interval-ms', '25', '--peer-liveness-ms', '1000',
  '--executor', 'sandbox', '--worker-heartbeat-ms', '200', '--worker-liveness-ms', '1000', '--shutdown-grace-ms', '2000',
];


/**
 * N real `sched server` OS processes on 127.0.0.1 (in memory, sandbox executor, fast
 * timings). `kill(id)` ends one with SIGKILL; `stop()` ends them all (call it in afterAll).
 */
export class SchedCluster {
  private readonly children = new Map<number, ChildProcess>();
  readonly logs = new Map<number, string>();

  private constructor(private readonly ports: number[]) {}

  static async start(size: number): Promise<SchedCluster> {
    const cluster = new SchedCluster(await freePorts(size));
    for (let id = 1; id <= size; id++) cluster.spawn(id);
    return cluster;
  }

  get urls(): string[] {
    return this.ports.map((p) => `http://127.0.0.1:${p}`);
  }

  async kill(id: number): Promise<void> {
    const child = this.children.get(id);
    if (child === undefined) return;
    this.children.delete(id);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }

  async stop(): Promise<void> {
    for (const id of [...this.children.keys()]) await this.kill(id);
  }

  private spawn(id: number): void {
    const peers = this.ports.map((p, k) => `${k + 1}:127.0.0.1:${p}`).filter((_, k) => k !== id - 1).join(',');
    const args = ['--node-id', String(id), '--port', String(this.ports[id - 1]), '--listen-host', '127.0.0.1', '--peers', peers, ...FAST];
    const child = spawn(process.execPath, ['--conditions=@sched/source', '-r', REGISTER, MAIN, 'server', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.logs.set(id, '');
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.logs.set(id, (this.logs.get(id) ?? '') + chunk));
    this.children.set(id, child);
  }
}

