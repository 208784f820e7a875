import { fromBinary } from '@bufbuild/protobuf';
import type { MethodImpl } from '@connectrpc/connect';
import { type Command, CommandSchema, type SchedulerService } from '@sched/rpc/gen';
import { forwardToLeader } from './forward-to-leader';
import { isLeader } from './leadership';
import type { NodeContext } from './node-context';

/** Entries per answer when the request says 0, and the most ever returned (REF §4.2). */
export const DEFAULT_LOG_LIMIT = 100;
export const MAX_LOG_LIMIT = 1000;

/**
 * GetRaftLogEntries. Elsewhere than on the leader: the leader's answer, forwarded. On the
 * leader, REF §4.2's window rules:
 * - limit 0 → 100, else at most 1000;
 * - first_available_index = 0 when the log holds no entry, else its first index (the one
 *   after the snapshot);
 * - start = max(first_available, 1) for start_index 0, else max(start_index,
 *   first_available); a start past the end gives no entries;
 * - each entry's data decoded as a scheduler Command; empty data (a leader's no-op) and
 *   undecodable data carry no command; is_committed = index ≤ commit_index;
 * - commit_index and last_log_index (which counts compacted entries).
 */
export function getRaftLogEntries(ctx: NodeContext): MethodImpl<typeof SchedulerService.method.getRaftLogEntries> {
  return async (request, call) => {
    if (!isLeader(ctx)) return forwardToLeader(ctx, call, (leader, options) => leader.getRaftLogEntries(request, options));
    const status = ctx.raftStatus();
    const commit = status.hardState.commit;
    const last = status.lastIndex;
    const firstAvailable = last < status.firstIndex ? 0 : status.firstIndex;
    const limit = request.limit === 0 ? DEFAULT_LOG_LIMIT : Math.min(request.limit, MAX_LOG_LIMIT);
    const asked = request.startIndex > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(request.startIndex);
    const start = asked === 0 ? Math.max(firstAvailable, 1) : Math.max(asked, firstAvailable);
    const entries = start > last ? [] : ctx.logEntries(start, Math.min(last + 1, start + limit));
    return {
      entries: entries.map((entry) => ({
        index: BigInt(entry.index),
        term: BigInt(entry.term),
        isCommitted: entry.index <= commit,
        ...commandOf(entry.data),
      })),
      commitIndex: BigInt(commit),
      lastLogIndex: BigInt(last),
      firstAvailableIndex: BigInt(firstAvailable),
    };
  };
}

function commandOf(data: Uint8Array): { command?: Command } {
  if (data.length === 0) return {};
  try {
    return { command: fromBinary(CommandSchema, data) };
  } catch {
    return {};
  }
}
