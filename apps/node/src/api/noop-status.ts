import { Code, ConnectError } from '@connectrpc/connect';
import { type Noop, statusName } from '@sched/scheduler';
import type { NodeContext } from './node-context';

/**
 * The gRPC status of a write the state machine refused (the no-op of its apply result):
 * at-capacity → RESOURCE_EXHAUSTED `Job queue is at capacity`; unknown-job → NOT_FOUND
 * `job not found`; already-finished → FAILED_PRECONDITION `job is already <status>`
 * (REF §4.2 wording); any other reason → INTERNAL with the no-op's log line.
 */
export function noopStatus(noop: Noop, ctx: NodeContext): ConnectError {
  switch (noop.reason) {
    case 'at-capacity':
      return new ConnectError('Job queue is at capacity', Code.ResourceExhausted);
    case 'unknown-job':
      return new ConnectError('job not found', Code.NotFound);
    case 'already-finished': {
      const job = noop.jobId === undefined ? undefined : ctx.table().get(noop.jobId);
      if (job !== undefined) return alreadyFinished(job.status);
      return new ConnectError(noop.message, Code.FailedPrecondition);
    }
    default:
      return new ConnectError(noop.message, Code.Internal);
  }
}

/** FAILED_PRECONDITION `job is already completed|failed|cancelled`. */
export function alreadyFinished(status: number): ConnectError {
  return new ConnectError(`job is already ${statusName(status)}`, Code.FailedPrecondition);
}
