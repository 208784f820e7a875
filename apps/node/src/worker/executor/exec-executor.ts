import { tmpdir } from 'node:os';
import { DEFAULT_OUTPUT_LIMIT_BYTES, type ExecutionJob, type ExecutionResult, type Executor } from './executor';
import { JOB_PATH, jobEnv } from './job-env';
import { imageRefused } from './result-mapping';
import { runJob } from './run-job';

export interface ExecExecutorOptions {
  readonly outputLimitBytes?: number;
}

/**
 * `--executor exec` (development only): `/bin/sh -c <command>` as the node's own user, in
 * the OS temp directory, with the node's PATH and otherwise the minimal job environment.
 * No isolation and no limits. The job leads its own process group, killed as a whole on
 * timeout, cancel and when `sh` exits; a process that calls setsid escapes that kill.
 */
export class ExecExecutor implements Executor {
  readonly kind = 'exec';
  readonly summary = 'exec: plain sh -c as the node user, NO isolation and no limits (development only)';
  private readonly outputLimitBytes: number;

  constructor(options: ExecExecutorOptions = {}) {
    this.outputLimitBytes = options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT_BYTES;
  }

  run(job: ExecutionJob, signal: AbortSignal): Promise<ExecutionResult> {
    if (job.image !== undefined) return Promise.resolve(imageRefused(this.kind));
    const home = tmpdir();
    const spec = { file: '/bin/sh', args: ['-c', job.command], env: jobEnv(process.env['PATH'] ?? JOB_PATH, home), cwd: home };
    return runJob(spec, job, signal, { outputLimitBytes: this.outputLimitBytes });
  }
}

