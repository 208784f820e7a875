import { type CallOptions, type Client, Code, ConnectError, type HandlerContext } from '@connectrpc/connect';
import { NONE } from '@sched/raft';
import type { SchedulerService } from '@sched/rpc/gen';
import { peerById } from './leadership';
import type { NodeContext } from './node-context';

/** Marks a call one node forwarded to another; a forwarded call is never forwarded again. */
export const FORWARDED_HEADER = 'x-sched-forwarded-by';

/** Deadline of a forwarded call unless the caller's own deadline is sooner (REF has none: G42). */
export const FORWARD_TIMEOUT_MS = 5000;

const LEADER_UNKNOWN = 'Leader unknown, please retry later';

/**
 * Runs `send` against the leader's SchedulerService and returns its answer verbatim, for
 * RPCs a follower serves by asking the leader (GetClusterStatus, GetRaftLogEntries,
 * TransferLeadership). Errors, worded as REF §4.2:
 * - no leader known → UNAVAILABLE `Leader unknown, please retry later` (also when this
 *   call was itself forwarded here: the hop limit is one, so two nodes that each believe
 *   the other leads cannot bounce a call between them);
 * - leader id not in `--peers` → NOT_FOUND `Unknown node <id>`;
 * - the leader cannot be reached → UNAVAILABLE `Failed to connect to <addr>: <error>`;
 * - the leader answered with an error → UNAVAILABLE `Leader request failed: <status>`.
 * The forwarded call gets a deadline (the caller's remaining one, at most `timeoutMs`)
 * and is cancelled with the incoming call.
 */
export async function forwardToLeader<T>(
  ctx: NodeContext,
  call: HandlerContext,
  send: (client: Client<typeof SchedulerService>, options: CallOptions) => Promise<T>,
  timeoutMs: number = FORWARD_TIMEOUT_MS,
): Promise<T> {
  const leader = ctx.raftStatus().leader;
  if (leader === NONE || call.requestHeader.has(FORWARDED_HEADER)) throw new ConnectError(LEADER_UNKNOWN, Code.Unavailable);
  const member = peerById(ctx, leader);
  if (member === undefined) throw new ConnectError(`Unknown node ${leader}`, Code.NotFound);
  const options: CallOptions = {
    // At least 1 ms: 0 would mean "no deadline" to the client.
    timeoutMs: Math.max(1, Math.min(timeoutMs, call.timeoutMs() ?? timeoutMs)),
    signal: call.signal,
    headers: { [FORWARDED_HEADER]: String(ctx.self.id) },
  };
  try {
    return await send(ctx.schedulerClient(member.address), options);
  } catch (error) {
    const failure = ConnectError.from(error);
    const transport = transportCause(failure);
    if (transport !== undefined) {
      throw new ConnectError(`Failed to connect to ${member.address}: ${transport.message}`, Code.Unavailable);
    }
    throw new ConnectError(`Leader request failed: ${failure.message}`, Code.Unavailable);
  }
}

/**
 * The network or TLS error under a failed call (connection refused, name not resolved,
 * handshake refused: Node errors carry a string `code`), or undefined when the leader
 * itself answered with a status. Duck-typed: Node's errors may come from another realm.
 */
function transportCause(failure: ConnectError): { message: string } | undefined {
  const cause: unknown = failure.cause;
  if (typeof cause !== 'object' || cause === null || cause instanceof ConnectError) return undefined;
  const { code, message } = cause as { code?: unknown; message?: unknown };
  return typeof code === 'string' && typeof message === 'string' ? { message } : undefined;
}
