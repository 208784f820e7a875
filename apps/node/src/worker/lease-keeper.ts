import { type ChildProcess, spawn } from 'node:child_process';
import { LEASE_KEEPER_SOURCE } from './lease-keeper-script';

/**
 * A small process beside the node that kills the node's jobs when their lease runs out,
 * even while the node itself cannot act: paused (SIGSTOP, a long GC pause, a frozen
 * event loop) or dead. The worker renews the lease whenever a heartbeat is acknowledged;
 * without renewal the keeper SIGKILLs every job process group once the deadline passes
 * (at most one check period late), and all of them when the node goes away.
 *
 * It finds jobs as process groups led by the node's direct children, which is how every
 * executor spawns them (run-process-tree.ts), every 500 ms while the lease holds: a job
 * started less than that before the node died is missed (the executors' own die-with-the-node
 * covers the job's main process). For docker a job is the `docker run` client: killing it
 * does not stop the container.
 */
export class LeaseKeeper {
  private readonly child: ChildProcess;
  private closed = false;

  /** `onLost` hears of a keeper that exited before close(): jobs then have no keeper. */
  constructor(checkMs: number, onLost: (how: string) => void) {
    this.child = spawn(process.execPath, ['-e', LEASE_KEEPER_SOURCE, String(process.pid), String(checkMs)], { stdio: ['pipe', 'ignore', 'inherit'] });
    this.child.stdin!.on('error', () => undefined);
    this.child.once('exit', (code, signal) => {
      if (!this.closed) onLost(signal ?? `exit code ${code}`);
    });
  }

  /** Jobs may run until `untilMs` (monotonic-clock.ts's monotonicMs()); later they are killed. */
  renew(untilMs: number): void {
    if (this.child.stdin?.writable === true) this.child.stdin.write(`${Math.floor(untilMs)}\n`);
  }

  /** Ends the keeper; it kills whatever job groups are left. */
  close(): void {
    this.closed = true;
    this.child.stdin?.end();
  }
}
