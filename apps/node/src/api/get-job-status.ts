import { setTimeout as sleep } from 'node:timers/promises';
import { Code, ConnectError, type MethodImpl } from '@connectrpc/connect';
import { JobStatus, type SchedulerService } from '@sched/rpc/gen';
import { type Job, parseJobId } from '@sched/scheduler';
import { consistentRead } from './consistent-read';
import { peerById } from './leadership';
import type { NodeContext } from './node-context';
import { localOutput, type OutputText } from './output-text';

/** Deadline of the GetJobOutput call to the node that executed a job. */
export const REMOTE_OUTPUT_TIMEOUT_MS = 2000;

const NO_OUTPUT: OutputText = { output: '', error: '' };

/**
 * GetJobStatus (any node, from its local table; after a read-index round when
 * `consistent`). Bad UUID → INVALID_ARGUMENT `Invalid job ID`; unknown here → NOT_FOUND
 * `Job not found`. Output and error as REF §4.2: from this node's output store when it
 * executed the job; from the executing node's GetJobOutput for a Completed or Failed job
 * executed elsewhere (asked again while that node has not yet applied the result; any
 * other failure there gives empty strings); otherwise empty. A job the
 * state machine failed itself (its worker lost on the last attempt) shows why as `error`.
 */
export function getJobStatus(ctx: NodeContext): MethodImpl<typeof SchedulerService.method.getJobStatus> {
  return async (request, call) => {
    const jobId = parseJobId(request.jobId);
    if (jobId === undefined) throw new ConnectError('Invalid job ID', Code.InvalidArgument);
    await consistentRead(ctx, request.consistent);
    const job = ctx.table().get(jobId);
    if (job === undefined) throw new ConnectError('Job not found', Code.NotFound);
    const text = await outputOf(ctx, job, call.signal);
    return {
      jobId: job.id,
      status: job.status,
      output: text.output,
      error: job.failure ?? text.error,
      assignedWorker: job.assignedWorker,
      executedBy: job.executedBy,
      createdAtMs: job.createdAtMs,
      ...(job.exitCode === undefined ? {} : { exitCode: job.exitCode }),
      ...(job.completedAtMs === undefined ? {} : { completedAtMs: job.completedAtMs }),
    };
  };
}

async function outputOf(ctx: NodeContext, job: Job, signal: AbortSignal): Promise<OutputText> {
  if (job.executedBy === 0n) return NO_OUTPUT;
  if (job.executedBy === BigInt(ctx.self.id)) return localOutput(ctx, job);
  if (job.status !== JobStatus.COMPLETED && job.status !== JobStatus.FAILED) return NO_OUTPUT;
  const executor = peerById(ctx, Number(job.executedBy));
  if (executor === undefined) return NO_OUTPUT;
  return remoteOutput(ctx, executor.address, job.id, signal);
}

/** First pause between GetJobOutput calls while the executing node has not yet applied the result; doubled each time. */
const CATCH_UP_FIRST_PAUSE_MS = 25;
const CATCH_UP_MAX_PAUSE_MS = 400;

/**
 * The output of a job from the node that executed it, within REMOTE_OUTPUT_TIMEOUT_MS in
 * all. This node may apply a result before its executor does: until the executor's own
 * table records the result it answers found=false, so that answer is asked again after a
 * pause that doubles (25 ms up to 400 ms: at most 9 calls). Any other answer or failure
 * (NOT_FOUND: the executor evicted the job or lost its data), or the deadline, gives empty
 * strings at once.
 */
async function remoteOutput(ctx: NodeContext, address: string, jobId: string, signal: AbortSignal): Promise<OutputText> {
  const deadline = performance.now() + REMOTE_OUTPUT_TIMEOUT_MS;
  for (let pauseMs = CATCH_UP_FIRST_PAUSE_MS; ; pauseMs = Math.min(2 * pauseMs, CATCH_UP_MAX_PAUSE_MS)) {
    const timeoutMs = Math.floor(deadline - performance.now());
    if (timeoutMs <= 0) return NO_OUTPUT;
    try {
      const answer = await ctx.internalClient(address).getJobOutput({ jobId }, { timeoutMs, signal });
      if (answer.found) return { output: answer.output, error: answer.error };
    } catch {
      return NO_OUTPUT;
    }
    try {
      await sleep(pauseMs, undefined, { signal });
    } catch {
      return NO_OUTPUT;
    }
  }
}
