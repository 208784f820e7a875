import type { Unavailable } from './availability';
import type { Executor } from './executor';
import { SandboxExecutor, type SandboxExecutorOptions } from './sandbox-executor';
import { detectSandboxHost } from './sandbox-host';

/** The reason given when `bwrap` is not on PATH. */
export const BWRAP_MISSING = 'bubblewrap not installed';

/** The executor that passed the probe, or why there is none. */
export type SandboxProbe = { readonly available: true; readonly executor: Executor } | Unavailable;

/**
 * Whether bubblewrap is installed (on `path`) and really runs a job here: the executor,
 * built as it will run jobs (wrappers, limits, user), runs `true` once. Installed but
 * unusable is common (no unprivileged user namespaces, a restricting LSM), hence the run.
 */
export async function probeSandbox(options: SandboxExecutorOptions, path: string, nodeIsRoot: boolean, timeoutMs: number): Promise<SandboxProbe> {
  const host = detectSandboxHost(path, nodeIsRoot);
  if (host === undefined) return { available: false, reason: BWRAP_MISSING };
  const executor = new SandboxExecutor(host, options);
  const result = await executor.run({ jobId: 'sandbox-probe', attempt: 0, command: 'true', timeoutMs }, new AbortController().signal);
  if (result.outcome === 'completed') return { available: true, executor };
  return { available: false, reason: 'bubblewrap does not work here', detail: (result.error ?? '').trim() };
}
