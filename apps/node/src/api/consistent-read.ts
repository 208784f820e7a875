import type { NodeContext } from './node-context';
import { withRaftStatus } from './raft-failure-status';

/**
 * For reads with `consistent: true`: waits until a read-index round through the leader is
 * applied locally, so the local table reflects every write acknowledged before the call.
 * Failures map like proposals' (not-leader hint, DEADLINE_EXCEEDED, UNAVAILABLE). Without
 * the flag it returns at once: reads are local and possibly stale, as in REF.
 */
export async function consistentRead(ctx: NodeContext, consistent: boolean | undefined): Promise<void> {
  if (consistent === true) await withRaftStatus(ctx, () => ctx.readIndex());
}
