import { Code, ConnectError, type MethodImpl } from '@connectrpc/connect';
import type { SchedulerService } from '@sched/rpc/gen';
import { type ApplyResult, type Job, commands } from '@sched/scheduler';
import { isLeader, notLeader } from './leadership';
import type { NodeContext } from './node-context';
import { noopStatus } from './noop-status';
import { SUBMIT_FAILURE_TEXTS, withRaftStatus } from './raft-failure-status';
import { validateSubmit } from './submit-request';

export const DRAINING_TEXT = 'Node is draining and not accepting new jobs';

/**
 * SubmitJob (leader only). Checks in REF §4.2's order: draining → UNAVAILABLE; the
 * request's fields → INVALID_ARGUMENT (submit-request.ts); not leader →
 * FAILED_PRECONDITION with the leader hint; a retried idempotency key → the original
 * job's id and created_at (no proposal); active jobs at capacity (counting submits
 * proposed and not yet applied) → RESOURCE_EXHAUSTED `Job queue is at capacity`; then the
 * proposal, whose failures map as raftFailureStatus with REF's submit wording.
 *
 * Answers only once the SubmitJob entry is committed and applied (SPEC §3, REF G2): with
 * the new job, or with the original job when the state machine found the idempotency key
 * taken meanwhile (a concurrent retry, or one across a failover), or with the no-op's
 * status (`at-capacity` when other submits filled the table first).
 *
 * The leader stamps the command: a fresh UUID, its clock as created_at, and its
 * `--max-attempts` when the request names none, so every node applies the same values.
 */
export function submitJob(ctx: NodeContext): MethodImpl<typeof SchedulerService.method.submitJob> {
  let inFlight = 0;
  return async (request) => {
    if (ctx.draining()) throw new ConnectError(DRAINING_TEXT, Code.Unavailable);
    const submit = validateSubmit(request);
    if (!isLeader(ctx)) throw notLeader(ctx);
    const table = ctx.table();
    const original = submit.idempotencyKey === undefined ? undefined : table.getByIdempotencyKey(submit.idempotencyKey);
    if (original !== undefined) return submitted(original);
    if (!table.hasCapacity(inFlight)) throw new ConnectError('Job queue is at capacity', Code.ResourceExhausted);
    const command = commands.submitJob({
      jobId: ctx.newJobId(),
      command: submit.command,
      createdAtMs: BigInt(ctx.nowMs()),
      maxAttempts: submit.maxAttempts ?? ctx.config.maxAttempts,
      ...(submit.image === undefined ? {} : { image: submit.image }),
      ...(submit.idempotencyKey === undefined ? {} : { idempotencyKey: submit.idempotencyKey }),
      ...(submit.timeoutMs === undefined ? {} : { timeoutMs: submit.timeoutMs }),
    });
    inFlight++;
    try {
      return submitOutcome(ctx, await withRaftStatus(ctx, () => ctx.propose(command, 'client'), SUBMIT_FAILURE_TEXTS));
    } finally {
      inFlight--;
    }
  };
}

function submitOutcome(ctx: NodeContext, result: ApplyResult): { jobId: string; createdAtMs: bigint } {
  for (const effect of result.effects) if (effect.type === 'job-submitted') return submitted(effect.job);
  const noop = result.noops[0];
  if (noop === undefined) throw new ConnectError('the submit was applied without effect', Code.Internal);
  const original = noop.reason === 'duplicate-idempotency-key' && noop.jobId !== undefined ? ctx.table().get(noop.jobId) : undefined;
  if (original !== undefined) return submitted(original);
  throw noopStatus(noop, ctx);
}

function submitted(job: Job): { jobId: string; createdAtMs: bigint } {
  return { jobId: job.id, createdAtMs: job.createdAtMs };
}
