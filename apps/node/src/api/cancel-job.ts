import { Code, ConnectError, type MethodImpl } from '@connectrpc/connect';
import type { SchedulerService } from '@sched/rpc/gen';
import { commands, isTerminal, parseJobId } from '@sched/scheduler';
import { isLeader, notLeader } from './leadership';
import type { NodeContext } from './node-context';
import { alreadyFinished, noopStatus } from './noop-status';
import { CANCEL_FAILURE_TEXTS, withRaftStatus } from './raft-failure-status';

/**
 * CancelJob (leader only; draining does not block it). Checks in REF §4.2's order: not a
 * UUID → INVALID_ARGUMENT `invalid job_id`; not leader → FAILED_PRECONDITION with the
 * hint; unknown on the leader → NOT_FOUND `job not found`; finished → FAILED_PRECONDITION
 * `job is already <status>`; then the proposal (failures as raftFailureStatus with REF's
 * cancel wording). Answers `job <uuid> cancelled` only once the CancelJob entry is
 * committed and applied; a job that finished meanwhile gets the no-op's status.
 */
export function cancelJob(ctx: NodeContext): MethodImpl<typeof SchedulerService.method.cancelJob> {
  return async (request) => {
    const jobId = parseJobId(request.jobId);
    if (jobId === undefined) throw new ConnectError('invalid job_id', Code.InvalidArgument);
    if (!isLeader(ctx)) throw notLeader(ctx);
    const job = ctx.table().get(jobId);
    if (job === undefined) throw new ConnectError('job not found', Code.NotFound);
    if (isTerminal(job.status)) throw alreadyFinished(job.status);
    const command = commands.cancelJob(jobId, BigInt(ctx.nowMs()));
    const result = await withRaftStatus(ctx, () => ctx.propose(command, 'client'), CANCEL_FAILURE_TEXTS);
    if (result.effects.some((effect) => effect.type === 'job-cancelled')) return { success: true, message: `job ${jobId} cancelled` };
    const noop = result.noops[0];
    throw noop === undefined ? new ConnectError('the cancel was applied without effect', Code.Internal) : noopStatus(noop, ctx);
  };
}
