import { Code, ConnectError, type MethodImpl } from '@connectrpc/connect';
import type { InternalService } from '@sched/rpc/gen';
import { parseJobId } from '@sched/scheduler';
import type { NodeContext } from './node-context';
import { localOutput } from './output-text';

/**
 * InternalService.GetJobOutput, exactly as REF §4.3: bad UUID → INVALID_ARGUMENT `Invalid
 * job ID`; not in this node's table → NOT_FOUND `Job not found`; executed by this node →
 * its output and error of the job's attempt ("" when none), found=true; otherwise empty
 * strings, found=false, and the job id as sent.
 */
export function getJobOutput(ctx: NodeContext): MethodImpl<typeof InternalService.method.getJobOutput> {
  return (request) => {
    const jobId = parseJobId(request.jobId);
    if (jobId === undefined) throw new ConnectError('Invalid job ID', Code.InvalidArgument);
    const job = ctx.table().get(jobId);
    if (job === undefined) throw new ConnectError('Job not found', Code.NotFound);
    if (job.executedBy !== BigInt(ctx.self.id)) return { jobId: request.jobId, output: '', error: '', found: false };
    return { jobId: job.id, ...localOutput(ctx, job), found: true };
  };
}
