import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';

/** The workspace root: the nearest directory above this file that holds nx.json (from src or dist). */
function workspaceRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'nx.json'))) return dir;
  throw new Error(`no nx.json above ${__dirname}`);
}

/** The built `sched` CLI (`npm ci` and `tsc -b` build it): what an operator runs. */
export const SCHED_BIN = join(workspaceRoot(), 'apps', 'node', 'bin', 'sched.js');

/**
 * One `sched server` OS process. Its stderr (the node's log) is appended to `logPath`, so
 * the log of every incarnation of a node survives kills and restarts for a post-mortem.
 */
export class NodeProcess {
  private readonly child: ChildProcess;
  private readonly log: WriteStream;
  /** Resolves with the exit code, or the signal that ended the process. */
  readonly exited: Promise<number | NodeJS.Signals>;

  constructor(args: readonly string[], logPath: string, nodeOptions: readonly string[] = []) {
    this.log = createWriteStream(logPath, { flags: 'a' });
    this.child = spawn(process.execPath, [...nodeOptions, SCHED_BIN, 'server', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child.stderr!.pipe(this.log);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => resolve(signal ?? code ?? 0));
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** CPU time (user + system) used so far, in seconds (Linux /proc; clock ticks of 10 ms). */
  cpuSeconds(): number | undefined {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return undefined;
    }
  }

  /** Resident set size in bytes (Linux /proc), or undefined once the process is gone. */
  rssBytes(): number | undefined {
    try {
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return match === null ? undefined : Number(match[1]) * 1024;
    } catch {
      return undefined;
    }
  }
}
