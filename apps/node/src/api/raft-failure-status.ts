import { Code, ConnectError } from '@connectrpc/connect';
import { NONE } from '@sched/raft';
import { RaftFailure } from '../raft/errors';
import { notLeader } from './leadership';
import type { NodeContext } from './node-context';

/** The per-RPC wording of the two failures the reference words differently per RPC (REF §4.2). */
export interface FailureTexts {
  readonly queueFull: string;
  readonly deadline: string;
}

export const SUBMIT_FAILURE_TEXTS: FailureTexts = {
  queueFull: 'Server is overloaded; retry with backoff',
  deadline: 'Raft did not commit the entry in time',
};

export const CANCEL_FAILURE_TEXTS: FailureTexts = {
  queueFull: 'proposal queue full',
  deadline: 'timed out waiting for Raft commit',
};

/** Leadership lost with the write in flight: it may still commit under the new leader. */
export const LEADERSHIP_LOST_TEXT =
  'Leadership was lost before the entry committed; it may or may not be applied, retry on the new leader';

/**
 * The gRPC status for a proposal or read that did not complete:
 * - not-leader → FAILED_PRECONDITION with the leader hint (REF §4.1);
 * - queue-full → RESOURCE_EXHAUSTED, deadline → DEADLINE_EXCEEDED, worded by `texts`
 *   (without texts: the failure's own message);
 * - leadership-lost → UNAVAILABLE (retryable; never reported as a success);
 * - stopped → UNAVAILABLE `Raft loop is not running`.
 * A ConnectError passes through unchanged; anything else is INTERNAL.
 */
export function raftFailureStatus(error: unknown, ctx: NodeContext, texts?: FailureTexts): ConnectError {
  if (error instanceof ConnectError) return error;
  if (!(error instanceof RaftFailure)) return new ConnectError(`Internal error: ${String(error)}`, Code.Internal);
  switch (error.kind) {
    case 'not-leader':
      return notLeader(ctx, error.leader !== NONE ? error.leader : ctx.raftStatus().leader);
    case 'queue-full':
      return new ConnectError(texts?.queueFull ?? error.message, Code.ResourceExhausted);
    case 'deadline':
      return new ConnectError(texts?.deadline ?? error.message, Code.DeadlineExceeded);
    case 'leadership-lost':
      return new ConnectError(LEADERSHIP_LOST_TEXT, Code.Unavailable);
    case 'stopped':
      return new ConnectError('Raft loop is not running', Code.Unavailable);
  }
}

/** Runs `operation`, turning its failure into the status of raftFailureStatus. */
export async function withRaftStatus<T>(ctx: NodeContext, operation: () => Promise<T>, texts?: FailureTexts): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw raftFailureStatus(error, ctx, texts);
  }
}
