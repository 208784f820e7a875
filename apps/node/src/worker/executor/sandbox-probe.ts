import type { Availability } from './availability';
import type { Executor } from './executor';
import { SandboxExecutor, type SandboxExecutorOptions } from './sandbox-executor';
import { detectSandboxHost } from './sandbox-host';

export interface SandboxProbe {
  readonly status: Availability;
  /** Present when the status is available: the executor that passed the probe. */
  readonly executor?: Executor;
}

/**
 * Whether bubblewrap is installed (on `path`) and really runs a job here: the executor,
 * built as it will run jobs (wrappers, limits, user), runs `true` once. Installed but
 * unusable is common (no unprivileged user namespaces, a restricting LSM), hence the run.
 */
export async function probeSandbox(options: SandboxExecutorOptions, path: string, nodeIsRoot: boolean, timeoutMs: number): Promise<SandboxProbe> {
  const host = detectSandboxHost(path, nodeIsRoot);
  if (host === undefined) return { status: { available: false, reason: 'bubblewrap not installed' } };
  const executor = new SandboxExecutor(host, options);
  const result = await executor.run({ jobId: 'sandbox-probe', attempt: 0, command: 'true', timeoutMs }, new AbortController().signal);
  if (result.outcome === 'completed') return { status: { available: true }, executor };
  return { status: { available: false, reason: 'bubblewrap does not work here', detail: (result.error ?? '').trim() } };
}
