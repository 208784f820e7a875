import { DEFAULT_OUTPUT_LIMIT_BYTES, type ExecutionJob, type ExecutionResult, type Executor } from './executor';
import { JOB_PATH, jobEnv } from './job-env';
import { imageRefused } from './result-mapping';
import { runJob } from './run-job';
import { DEFAULT_SANDBOX_LIMITS, buildSandboxArgv, sandboxWrappers, type SandboxLimits, type SandboxWrappers } from './sandbox-argv';
import type { SandboxHost } from './sandbox-host';

export interface SandboxExecutorOptions {
  readonly limits?: Partial<SandboxLimits>;
  readonly outputLimitBytes?: number;
}

/**
 * `--executor sandbox`: `sh -c <command>` inside bubblewrap (see bwrapArgs for what is
 * isolated, sandboxWrappers for the limits this host allows). The spawned process leads
 * its own group; on timeout or cancel the group is killed, bwrap's sandbox init dies with
 * it (--die-with-parent) and takes every process of the job's PID namespace along.
 */
export class SandboxExecutor implements Executor {
  readonly kind = 'sandbox';
  readonly summary: string;
  private readonly limits: SandboxLimits;
  private readonly wrappers: SandboxWrappers;
  private readonly outputLimitBytes: number;

  constructor(
    private readonly host: SandboxHost,
    options: SandboxExecutorOptions = {},
  ) {
    this.limits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits };
    this.wrappers = sandboxWrappers(this.limits, host);
    this.outputLimitBytes = options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT_BYTES;
    this.summary =
      'sandbox (bubblewrap): no network, read-only root, private /tmp, no capabilities, new session, dies with the node; ' +
      `enforced: ${this.wrappers.enforced.join(', ')}; not enforced: ${this.wrappers.notEnforced.join(', ')}`;
  }

  run(job: ExecutionJob, signal: AbortSignal): Promise<ExecutionResult> {
    if (job.image !== undefined) return Promise.resolve(imageRefused(this.kind));
    const argv = buildSandboxArgv(job.command, this.limits, this.wrappers, this.host);
    const spec = { ...argv, env: jobEnv(JOB_PATH, '/tmp'), cwd: '/' };
    return runJob(spec, job, signal, { outputLimitBytes: this.outputLimitBytes });
  }
}
