import type { MethodImpl } from '@connectrpc/connect';
import type { SchedulerService } from '@sched/rpc/gen';
import { isLeader } from './leadership';
import type { NodeContext } from './node-context';
import { transferFailed, transferTo } from './transfer-leadership';
import { chooseTransferTarget } from './transfer-target';

/** How DrainNode waits for this node's running jobs (REF §9.1: every 500 ms, up to 60 s). */
export interface DrainTimings {
  readonly pollMs: number;
  readonly timeoutMs: number;
}

export const DRAIN_TIMINGS: DrainTimings = { pollMs: 500, timeoutMs: 60_000 };

export const DRAINED_TEXT = 'Node drained successfully';
export const DRAIN_CANCELLED_TEXT = 'Drain was cancelled by UndrainNode';

/**
 * DrainNode, acting on the node that receives it (SPEC §3 Operations):
 * 1. sets the drain flag — SubmitJob here answers UNAVAILABLE from now on, and this
 *    node's worker heartbeats carry the flag, so the leader proposes SetWorkerDraining and
 *    stops placing jobs here — and forbids this node to campaign;
 * 2. waits, polling the local table, until no job is Running on this node (at most
 *    `timeoutMs`; ends early if UndrainNode clears the flag). The drain runs to its end
 *    even if the caller gives up waiting (a CLI deadline: see abortable.ts), so the node
 *    is never left half-drained — leading, but unable to campaign again;
 * 3. if this node leads, transfers leadership to the best alive, non-draining peer.
 * Answers `Node drained successfully` only if all of it worked; otherwise success=false
 * with what did not (jobs still running, the transfer's failure), the node staying
 * drained (REF always reports success: G36).
 */
export function drainNode(ctx: NodeContext, timings: DrainTimings = DRAIN_TIMINGS): MethodImpl<typeof SchedulerService.method.drainNode> {
  return () => drain(ctx, timings);
}

/** The drain itself, steps 1–3. */
async function drain(ctx: NodeContext, timings: DrainTimings): Promise<{ success: boolean; message: string }> {
  ctx.setDraining(true);
  ctx.setCampaignEnabled(false);
  const running = await waitForRunningJobs(ctx, timings);
  if (!ctx.draining()) return { success: false, message: DRAIN_CANCELLED_TEXT };
  const problems: string[] = [];
  if (running > 0) problems.push(`${running} job(s) still running here after ${timings.timeoutMs} ms`);
  if (isLeader(ctx)) {
    const choice = chooseTransferTarget(ctx, 0n);
    const outcome = choice.ok ? await transferTo(ctx, choice.target) : transferFailed(choice.message);
    if (!outcome.success) problems.push(`leadership transfer failed: ${outcome.message}`);
  }
  if (problems.length === 0) return { success: true, message: DRAINED_TEXT };
  return { success: false, message: `Node is draining, but ${problems.join('; ')}` };
}

/** Polls until nothing runs on this node, the time is up or the drain is undone; returns what still runs. */
async function waitForRunningJobs(ctx: NodeContext, timings: DrainTimings): Promise<number> {
  const self = BigInt(ctx.self.id);
  const until = performance.now() + timings.timeoutMs;
  let running = ctx.table().runningCount(self);
  while (running > 0 && ctx.draining() && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(timings.pollMs, Math.max(0, until - performance.now()))));
    running = ctx.table().runningCount(self);
  }
  return running;
}
