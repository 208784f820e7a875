import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { OutputCapture } from './output-capture';
import type { CapturedOutput } from './executor';

/** A process to start: no shell, an argument vector, an explicit environment. */
export interface ProcessSpec {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface RunControl {
  readonly timeoutMs: number;
  readonly outputLimitBytes: number;
  /**
   * Runs after the process group was killed for a timeout or a cancel and the process
   * has exited (e.g. `docker rm -f`). Must be bounded in time; resolves to an error text
   * worth reporting, or undefined.
   */
  readonly afterKill?: () => Promise<string | undefined>;
}

export type ProcessEnd =
  | { readonly kind: 'exited'; readonly code: number | null; readonly signal: NodeJS.Signals | null }
  | { readonly kind: 'spawn-failed'; readonly error: Error }
  | { readonly kind: 'timed-out' }
  | { readonly kind: 'cancelled' };

export interface ProcessRun {
  readonly end: ProcessEnd;
  readonly stdout: CapturedOutput;
  readonly stderr: CapturedOutput;
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
  readonly afterKillError?: string;
}

/**
 * How long stdout/stderr may stay open after the spawned process exited and its group
 * was killed. Only a process that left the group (setsid) can still hold them — possible
 * with the exec executor; in the sandbox the PID namespace dies with its init.
 */
const PIPE_GRACE_MS = 200;

/**
 * Spawns `spec` as the leader of a new process group (detached: setsid) with stdin closed
 * and stdout/stderr captured up to the cap (the pipes are drained to the end regardless).
 * On timeout or abort the whole group is sent SIGKILL at once. When the leader exits, the
 * group is killed as well, so background leftovers of a finished job do not outlive it.
 * Resolves once the process has exited and its pipes are closed (or the grace expired),
 * after `afterKill` if it ran; never rejects.
 */
export function runProcessTree(spec: ProcessSpec, control: RunControl, signal: AbortSignal): Promise<ProcessRun> {
  const startedAtMs = Date.now();
  const stdout = new OutputCapture(control.outputLimitBytes);
  const stderr = new OutputCapture(control.outputLimitBytes);
  const finish = (end: ProcessEnd, afterKillError?: string): ProcessRun => ({
    end,
    stdout: stdout.finish(),
    stderr: stderr.finish(),
    startedAtMs,
    finishedAtMs: Date.now(),
    ...(afterKillError === undefined ? {} : { afterKillError }),
  });
  if (signal.aborted) return Promise.resolve(finish({ kind: 'cancelled' }));

  return new Promise((resolve) => {
    let child: ChildProcessByStdio<null, Readable, Readable>;
    try {
      child = spawn(spec.file, spec.args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: spec.env, cwd: spec.cwd });
    } catch (error) {
      // Invalid arguments (e.g. a NUL byte in the command) throw instead of emitting 'error'.
      resolve(finish({ kind: 'spawn-failed', error: error as Error }));
      return;
    }
    let killedFor: 'timed-out' | 'cancelled' | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let settled = false;
    const settle = (run: ProcessRun): void => {
      if (settled) return;
      settled = true;
      resolve(run);
    };
    const kill = (reason: 'timed-out' | 'cancelled'): void => {
      if (killedFor !== undefined || exit !== undefined) return;
      killedFor = reason;
      killGroup(child.pid);
    };
    const onAbort = (): void => kill('cancelled');
    const timer = setTimeout(() => kill('timed-out'), control.timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    const stopWatching = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return;
      stopWatching();
      settle(finish({ kind: 'spawn-failed', error }));
    });
    child.once('exit', (code, exitSignal) => {
      exit = { code, signal: exitSignal };
      stopWatching();
      // The leader is reaped but its group id stays reserved while any member lives.
      killGroup(child.pid);
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, PIPE_GRACE_MS).unref();
    });
    child.once('close', () => {
      const reason = killedFor;
      const ended = exit ?? { code: null, signal: null };
      if (reason === undefined) {
        settle(finish({ kind: 'exited', ...ended }));
        return;
      }
      const afterKill = control.afterKill ?? (() => Promise.resolve(undefined));
      void afterKill()
        .catch((error: unknown) => String(error))
        .then((error) => settle(finish({ kind: reason }, error)));
    });
  });
}

/**
 * SIGKILL to every process of the group led by `pid`. ESRCH: the group is already gone.
 * EPERM: the id now names a group this node may not signal, hence not ours; neither is
 * worth crashing the node for.
 */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ESRCH' && code !== 'EPERM') throw error;
  }
}
