import { describeUnavailable, type Availability } from './availability';
import { dockerDaemonStatus } from './docker-cli';
import { DockerExecutor, type DockerExecutorOptions } from './docker-executor';
import { ExecExecutor, type ExecExecutorOptions } from './exec-executor';
import type { Executor, ExecutorKind } from './executor';
import { JOB_PATH } from './job-env';
import type { SandboxExecutorOptions } from './sandbox-executor';
import { BWRAP_MISSING, probeSandbox, type SandboxProbe } from './sandbox-probe';

/** The executor could not be had: the node must not start (message written for the user). */
export class ExecutorUnavailableError extends Error {
  override readonly name = 'ExecutorUnavailableError';
}

export interface ExecutorSettings {
  readonly docker?: DockerExecutorOptions;
  readonly sandbox?: SandboxExecutorOptions;
  readonly exec?: ExecExecutorOptions;
}

/** The host checks selection relies on; real ones by default (hostProbes), fakes in tests. */
export interface ExecutorProbes {
  docker(): Promise<Availability>;
  sandbox(): Promise<SandboxProbe>;
}

export interface SelectedExecutor {
  readonly executor: Executor;
  /**
   * What the worker announces in heartbeats: its one executor. A docker worker runs plain
   * jobs in its default image and is the only kind given jobs with an image; sandbox and
   * exec workers run plain jobs only.
   */
  readonly advertises: readonly ExecutorKind[];
  /** Why this executor, for the start log. */
  readonly reason: string;
}

const PROBE_TIMEOUT_MS = 3_000;

/** `docker info` with the configured CLI, and a sandboxed `true`, each bounded by 3 s. */
export function hostProbes(settings: ExecutorSettings): ExecutorProbes {
  return {
    docker: () => dockerDaemonStatus(settings.docker?.cli ?? 'docker', PROBE_TIMEOUT_MS),
    sandbox: () => probeSandbox(settings.sandbox ?? {}, process.env['PATH'] ?? JOB_PATH, process.getuid?.() === 0, PROBE_TIMEOUT_MS),
  };
}

/**
 * The executor for `--executor <requested>` (SPEC §3 Execution):
 * - absent: docker if a daemon answers, else sandbox if bubblewrap works, else refuse;
 * - `docker` / `sandbox`: that one, or refuse saying why it is unavailable;
 * - `exec`: only ever when asked for; nothing is probed.
 * Refusal is an ExecutorUnavailableError. Constructing the docker executor may throw
 * ConfigError (invalid default image or limits).
 */
export async function selectExecutor(requested: ExecutorKind | undefined, settings: ExecutorSettings, probes: ExecutorProbes = hostProbes(settings)): Promise<SelectedExecutor> {
  const chosen = (executor: Executor, reason: string): SelectedExecutor => ({ executor, advertises: [executor.kind], reason });
  if (requested === 'exec') return chosen(new ExecExecutor(settings.exec), '--executor exec (no isolation)');
  if (requested === 'docker') {
    const docker = await probes.docker();
    if (!docker.available) throw new ExecutorUnavailableError(`--executor docker: ${describeUnavailable(docker)}`);
    return chosen(new DockerExecutor(settings.docker), '--executor docker');
  }
  if (requested === 'sandbox') {
    const sandbox = await probes.sandbox();
    if (!sandbox.available) throw new ExecutorUnavailableError(`--executor sandbox: ${describeUnavailable(sandbox)}`);
    return chosen(sandbox.executor, '--executor sandbox');
  }
  const docker = await probes.docker();
  if (docker.available) return chosen(new DockerExecutor(settings.docker), 'default: a Docker daemon is reachable');
  const sandbox = await probes.sandbox();
  if (sandbox.available) return chosen(sandbox.executor, 'default: no Docker daemon reachable, bubblewrap works');
  const fix = sandbox.reason === BWRAP_MISSING ? 'install bubblewrap' : 'fix bubblewrap';
  throw new ExecutorUnavailableError(
    `no executor available: ${docker.reason} and ${describeUnavailable(sandbox)}; ${fix} or pass --executor exec (no isolation)`,
  );
}
