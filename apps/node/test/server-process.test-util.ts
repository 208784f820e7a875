import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/run-cli';
import { eventually as poll } from '../../../tools/harness/eventually';
import { freePorts } from '../src/cluster/local-cluster.test-util';

/** Retries `probe` every 100 ms until it returns a value, for up to `timeoutMs`. */
export const eventually = <T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> => poll(probe, timeoutMs);

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'apps', 'node', 'src', 'cli', 'main.ts');
const REGISTER = join(ROOT, 'tools', 'register-ts.cjs');

/** A `sched server` OS process, run from the TypeScript sources (never a stale dist/). */
export class ServerProcess {
  private readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  log = '';

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, ['--conditions=@sched/source', '-r', REGISTER, MAIN, 'server', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.log += chunk));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}

/** Runs the `sched` CLI in-process and captures its streams. */
export async function sched(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}


/** The flags that make node `id` a member of a loopback cluster on `ports` (node i on ports[i - 1]). */
export function memberArgs(ports: readonly number[], id: number): string[] {
  const peers = ports.map((p, k) => `${k + 1}:127.0.0.1:${p}`).filter((_, k) => k !== id - 1).join(',');
  return ['--node-id', String(id), '--port', String(ports[id - 1]), '--listen-host', '127.0.0.1', '--peers', peers];
}

/**
 * N `sched server` processes on loopback, node i on ports[i - 1] with its data dir under
 * `root`, all started with the same extra `flags`. Nodes can be killed and started again.
 */
export class ProcessCluster {
  readonly servers = new Map<number, ServerProcess>();

  private constructor(
    readonly ports: readonly number[],
    readonly root: string,
    private readonly flags: readonly string[],
  ) {}

  static async create(size: number, flags: readonly string[]): Promise<ProcessCluster> {
    return new ProcessCluster(await freePorts(size), mkdtempSync(join(tmpdir(), 'sched-procs-')), flags);
  }

  url(id: number): string {
    return `http://127.0.0.1:${this.ports[id - 1]}`;
  }

  start(id: number): void {
    this.servers.set(id, new ServerProcess([...memberArgs(this.ports, id), '--data-dir', join(this.root, `node${id}`), ...this.flags]));
  }

  startAll(): void {
    for (let id = 1; id <= this.ports.length; id++) this.start(id);
  }

  /** Sends `signal` to node `id` and waits for it to exit. */
  async stop(id: number, signal: NodeJS.Signals): Promise<void> {
    const server = this.servers.get(id);
    if (server === undefined) return;
    server.kill(signal);
    await server.exited;
    this.servers.delete(id);
  }

  async stopAll(signal: NodeJS.Signals): Promise<void> {
    await Promise.all([...this.servers.keys()].map((id) => this.stop(id, signal)));
  }

  async destroy(): Promise<void> {
    await this.stopAll('SIGKILL');
    rmSync(this.root, { recursive: true, force: true });
  }
}
