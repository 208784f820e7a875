import { Code, ConnectError, type MethodImpl } from '@connectrpc/connect';
import type { InternalService } from '@sched/rpc/gen';
import { DEFAULT_WORKER_SLOTS, utf8ByteLength } from '@sched/scheduler';
import { isLeader, notLeader, peerById } from './leadership';
import type { NodeContext } from './node-context';

/** Bounds on what a heartbeat may advertise (what the replicated worker record can hold). */
export const MAX_WORKER_SLOTS = 1024;
export const MAX_EXECUTORS = 16;
export const MAX_EXECUTOR_NAME_BYTES = 64;

/**
 * InternalService.WorkerHeartbeat: a cluster node's worker saying it is alive, with what
 * it offers (slots, absent: 1; executors; draining). Only the leader keeps heartbeats (in
 * memory, for its worker reconciliation); any other node answers with the not-leader error
 * so the worker re-targets (REF records them on whichever node is called). Refused with
 * INVALID_ARGUMENT: a node_id that is neither this node nor a configured peer, more than
 * 1024 slots, more than 16 executors or an executor name empty or over 64 bytes.
 */
export function workerHeartbeat(ctx: NodeContext): MethodImpl<typeof InternalService.method.workerHeartbeat> {
  return (request) => {
    const id = request.nodeId;
    if (id !== BigInt(ctx.self.id) && (id > BigInt(Number.MAX_SAFE_INTEGER) || peerById(ctx, Number(id)) === undefined)) {
      throw invalid(`Unknown worker node ${id}`);
    }
    const slots = request.slots ?? DEFAULT_WORKER_SLOTS;
    if (slots > MAX_WORKER_SLOTS) throw invalid(`slots must be at most ${MAX_WORKER_SLOTS}, got ${slots}`);
    if (request.executors.length > MAX_EXECUTORS) throw invalid(`at most ${MAX_EXECUTORS} executors, got ${request.executors.length}`);
    for (const name of request.executors) {
      const bytes = utf8ByteLength(name);
      if (bytes === 0 || bytes > MAX_EXECUTOR_NAME_BYTES) throw invalid(`executor names must be 1..${MAX_EXECUTOR_NAME_BYTES} bytes`);
    }
    if (!isLeader(ctx)) throw notLeader(ctx);
    ctx.recordHeartbeat(id, { atMs: ctx.monotonicMs(), slots, executors: request.executors, draining: request.draining ?? false }, request.staleAttempts ?? false);
    return {};
  };
}

function invalid(message: string): ConnectError {
  return new ConnectError(message, Code.InvalidArgument);
}
