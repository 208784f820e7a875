import { ConnectError, type MethodImpl } from '@connectrpc/connect';
import { NONE } from '@sched/raft';
import type { SchedulerService } from '@sched/rpc/gen';
import { RaftFailure } from '../raft/errors';
import { forwardToLeader } from './forward-to-leader';
import { isLeader } from './leadership';
import type { NodeContext } from './node-context';
import { chooseTransferTarget } from './transfer-target';

/** TransferLeadershipResponse, as handlers build it. */
export interface TransferOutcome {
  readonly success: boolean;
  readonly message: string;
  readonly newLeaderId: bigint;
}

/** Time a forwarded transfer may take beyond the leader's own transfer deadline. */
const FORWARD_SLACK_MS = 1000;

/**
 * TransferLeadership. On a follower the request is forwarded to the leader (REF refuses
 * it: G37). On the leader the target is chosen by chooseTransferTarget and the transfer
 * runs to its end. Outcomes are in-band with status OK, as REF: success →
 * `Leadership transferred to node <id>` and its id; failure → success=false, the reason
 * (`Not the leader`, `Unknown target node <id>`, `No peers available for transfer`, the
 * forwarding error, or why the transfer did not complete) and new_leader_id 0.
 */
export function transferLeadership(ctx: NodeContext): MethodImpl<typeof SchedulerService.method.transferLeadership> {
  return async (request, call) => {
    if (!isLeader(ctx)) {
      const timeoutMs = ctx.config.timings.commitDeadlineMs + FORWARD_SLACK_MS;
      try {
        return await forwardToLeader(ctx, call, (leader, options) => leader.transferLeadership(request, options), timeoutMs);
      } catch (error) {
        return transferFailed(ConnectError.from(error).rawMessage);
      }
    }
    const choice = chooseTransferTarget(ctx, request.targetNodeId);
    return choice.ok ? transferTo(ctx, choice.target) : transferFailed(choice.message);
  };
}

/**
 * Moves leadership from this node to `target` and reports the real outcome: success only
 * if, once the transfer ended, `target` is the leader this node knows.
 */
export async function transferTo(ctx: NodeContext, target: number): Promise<TransferOutcome> {
  try {
    const after = await ctx.transferLeadership(target);
    if (after.leader === target) {
      return { success: true, message: `Leadership transferred to node ${target}`, newLeaderId: BigInt(target) };
    }
    const now = after.leader === NONE ? 'no leader is known' : `node ${after.leader} is the leader`;
    return transferFailed(`Leadership transfer to node ${target} did not complete; ${now}`);
  } catch (error) {
    if (error instanceof RaftFailure) return transferFailed(error.kind === 'not-leader' ? 'Not the leader' : error.message);
    throw error;
  }
}

export function transferFailed(message: string): TransferOutcome {
  return { success: false, message, newLeaderId: 0n };
}
