import type { MethodImpl } from '@connectrpc/connect';
import type { SchedulerService } from '@sched/rpc/gen';
import type { NodeContext } from './node-context';

/**
 * UndrainNode (sched addition), acting on the node that receives it: clears the drain
 * flag (SubmitJob is accepted again; the next heartbeats let the leader place jobs here
 * again) and allows this node to campaign. A DrainNode still waiting ends, unsuccessful.
 * Always succeeds; undraining a node that is not drained changes nothing.
 */
export function undrainNode(ctx: NodeContext): MethodImpl<typeof SchedulerService.method.undrainNode> {
  return () => {
    const wasDraining = ctx.draining();
    ctx.setDraining(false);
    ctx.setCampaignEnabled(true);
    return { success: true, message: wasDraining ? 'Node undrained successfully' : 'Node was not draining' };
  };
}
