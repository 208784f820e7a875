import type { ExecutionJob, ExecutionResult } from './executor';
import { toExecutionResult } from './result-mapping';
import { runProcessTree, type ProcessSpec } from './run-process-tree';

export interface JobRunOptions {
  readonly outputLimitBytes: number;
  readonly afterKill?: () => Promise<string | undefined>;
}

/** Runs the process that executes `job` under its timeout and `signal`, as a job result. */
export async function runJob(spec: ProcessSpec, job: ExecutionJob, signal: AbortSignal, options: JobRunOptions): Promise<ExecutionResult> {
  const run = await runProcessTree(spec, { timeoutMs: job.timeoutMs, ...options }, signal);
  return toExecutionResult(run, job.timeoutMs);
}
