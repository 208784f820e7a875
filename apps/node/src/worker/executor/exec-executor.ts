import { tmpdir } from 'node:os';
import { findOnPath } from './find-on-path';
import { DEFAULT_OUTPUT_LIMIT_BYTES, type ExecutionJob, type ExecutionResult, type Executor } from './executor';
import { JOB_PATH, jobEnv } from './job-env';
import { imageRefused } from './result-mapping';
import { runJob } from './run-job';

export interface ExecExecutorOptions {
  readonly outputLimitBytes?: number;
  /**
   * util-linux `setpriv`, which makes the job's shell die with the node (PR_SET_PDEATHSIG);
   * default: found on PATH. `null` runs the shell without it.
   */
  readonly setprivPath?: string | null;
}

/**
 * `--executor exec` (development only): `/bin/sh -c <command>` as the node's own user, in
 * the OS temp directory, with the node's PATH and otherwise the minimal job environment.
 * No isolation and no limits. The job leads its own process group, killed as a whole on
 * timeout, cancel and when `sh` exits; a process that calls setsid escapes that kill.
 * With setpriv, `sh` gets SIGKILL when the node dies (kill -9 included), so a dead node's
 * job stops before the leader runs its next attempt elsewhere; what `sh` started is then
 * orphaned, not killed (the sandbox's PID namespace takes everything along instead).
 */
export class ExecExecutor implements Executor {
  readonly kind = 'exec';
  readonly summary: string;
  private readonly outputLimitBytes: number;
  private readonly setpriv: string | undefined;

  constructor(options: ExecExecutorOptions = {}) {
    this.outputLimitBytes = options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT_BYTES;
    this.setpriv = options.setprivPath === undefined ? findOnPath('setpriv', process.env['PATH'] ?? JOB_PATH) : (options.setprivPath ?? undefined);
    const withNode = this.setpriv === undefined ? 'no setpriv: a job outlives a killed node' : 'the job shell dies with the node';
    this.summary = `exec: plain sh -c as the node user, NO isolation and no limits (development only); ${withNode}`;
  }

  run(job: ExecutionJob, signal: AbortSignal): Promise<ExecutionResult> {
    if (job.image !== undefined) return Promise.resolve(imageRefused(this.kind));
    const home = tmpdir();
    const shell = ['/bin/sh', '-c', job.command];
    const [file, ...args] = this.setpriv === undefined ? shell : [this.setpriv, '--pdeathsig', 'SIGKILL', '--', ...shell];
    const spec = { file: file!, args, env: jobEnv(process.env['PATH'] ?? JOB_PATH, home), cwd: home };
    return runJob(spec, job, signal, { outputLimitBytes: this.outputLimitBytes });
  }
}

