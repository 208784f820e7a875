import type { NodeId } from '@sched/raft';

/**
 * Why a proposal or read did not complete. The API layer maps each kind to its gRPC status
 * (REF §4.2): queue-full → RESOURCE_EXHAUSTED, not-leader → FAILED_PRECONDITION with the
 * leader hint, deadline → DEADLINE_EXCEEDED, leadership-lost and stopped → UNAVAILABLE.
 */
export type RaftFailureKind = 'queue-full' | 'not-leader' | 'deadline' | 'leadership-lost' | 'stopped';

export class RaftFailure extends Error {
  override readonly name = 'RaftFailure';

  constructor(
    readonly kind: RaftFailureKind,
    message: string,
    /** For not-leader: the leader this node knows of, or 0. */
    readonly leader: NodeId = 0,
  ) {
    super(message);
  }
}
