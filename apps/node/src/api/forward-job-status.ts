import { Code, ConnectError, type MethodImpl } from '@connectrpc/connect';
import { type InternalService, JobStatus, type UpdateJobStatusCommand } from '@sched/rpc/gen';
import { commands, parseJobId } from '@sched/scheduler';
import { isLeader, notLeader } from './leadership';
import type { NodeContext } from './node-context';
import { withRaftStatus } from './raft-failure-status';

/**
 * InternalService.ForwardJobStatus: a worker handing job results to the leader. An empty
 * list is OK at once (REF). Otherwise every update must have a UUID job id, status
 * COMPLETED or FAILED, executed_by > 0 and attempt > 0; else INVALID_ARGUMENT naming the
 * bad updates, up to 10 (REF silently drops or maps them to Pending: G32). Leader only (not-leader
 * error with the hint elsewhere: REF answers OK and loses them, G20). Proposes one
 * UpdateJobStatus, or one BatchUpdateJobStatus for several, and answers OK only once it is
 * committed and applied; a failure (proposal failures as raftFailureStatus) tells the
 * worker to retry, which is safe: a repeated or superseded result is a no-op (fencing by
 * attempt), so no-ops of the apply are still OK.
 */
export function forwardJobStatus(ctx: NodeContext): MethodImpl<typeof InternalService.method.forwardJobStatus> {
  return async (request) => {
    if (request.updates.length === 0) return {};
    const problems: string[] = [];
    const reports = request.updates.map((update, i) => {
      const jobId = parseJobId(update.jobId);
      const bad = problemsOf(update, jobId);
      if (bad.length > 0) problems.push(`updates[${i}]: ${bad.join(', ')}`);
      return report(update, jobId ?? update.jobId);
    });
    if (problems.length > 0) throw new ConnectError(`Invalid status updates: ${listed(problems)}`, Code.InvalidArgument);
    if (!isLeader(ctx)) throw notLeader(ctx);
    const [only] = reports;
    const command = reports.length === 1 && only !== undefined ? commands.updateJobStatus(only) : commands.batchUpdateJobStatus(reports);
    await withRaftStatus(ctx, () => ctx.propose(command, 'internal'));
    return {};
  };
}

/** Updates named in the error at most: the message travels in a size-limited trailer. */
const MAX_LISTED = 10;

function listed(problems: readonly string[]): string {
  const more = problems.length - MAX_LISTED;
  return problems.slice(0, MAX_LISTED).join('; ') + (more > 0 ? `; and ${more} more` : '');
}

function problemsOf(update: UpdateJobStatusCommand, jobId: string | undefined): string[] {
  const bad: string[] = [];
  if (jobId === undefined) bad.push(`job_id ${JSON.stringify(update.jobId)} is not a UUID`);
  if (update.status !== JobStatus.COMPLETED && update.status !== JobStatus.FAILED) bad.push(`status must be COMPLETED or FAILED, got ${update.status}`);
  if (update.executedBy === 0n) bad.push('executed_by must be a node id');
  if (update.attempt === 0) bad.push('attempt must be > 0');
  return bad;
}

/** The result fields of an update with its canonical job id, as both status commands take them. */
function report(update: UpdateJobStatusCommand, jobId: string) {
  return {
    jobId,
    status: update.status,
    executedBy: update.executedBy,
    attempt: update.attempt,
    ...(update.exitCode === undefined ? {} : { exitCode: update.exitCode }),
    ...(update.completedAtMs === undefined ? {} : { completedAtMs: update.completedAtMs }),
  };
}
