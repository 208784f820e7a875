import { type MessageInitShape, create } from '@bufbuild/protobuf';
import {
  type Command,
  CommandSchema,
  type JobStatusUpdateSchema,
  type SubmitJobCommandSchema,
  type UpdateJobStatusCommandSchema,
} from '@sched/rpc/gen';
import type { Placement } from './placement';

/**
 * Builders of the scheduler `Command`s, for the leader (which encodes them with
 * `toBinary(CommandSchema, ...)` into Raft entries) and for tests. Times are leader (or,
 * for results, worker) clock readings in ms since the Unix epoch, taken by the caller.
 */

export function submitJob(value: MessageInitShape<typeof SubmitJobCommandSchema>): Command {
  return create(CommandSchema, { commandType: { case: 'submitJob', value } });
}

export function assignJob(placement: Placement): Command {
  const { jobId, workerId, attempt } = placement;
  return create(CommandSchema, { commandType: { case: 'assignJob', value: { jobId, workerId, attempt } } });
}

export function updateJobStatus(value: MessageInitShape<typeof UpdateJobStatusCommandSchema>): Command {
  return create(CommandSchema, { commandType: { case: 'updateJobStatus', value } });
}

export function batchUpdateJobStatus(updates: MessageInitShape<typeof JobStatusUpdateSchema>[]): Command {
  return create(CommandSchema, { commandType: { case: 'batchUpdateJobStatus', value: { updates } } });
}

export function cancelJob(jobId: string, cancelledAtMs: bigint): Command {
  return create(CommandSchema, { commandType: { case: 'cancelJob', value: { jobId, cancelledAtMs } } });
}

export function registerWorker(workerId: bigint, slots: number, executors: readonly string[]): Command {
  const value = { workerId, slots, executors: [...executors] };
  return create(CommandSchema, { commandType: { case: 'registerWorker', value } });
}

export function setWorkerDraining(workerId: bigint, draining: boolean): Command {
  return create(CommandSchema, { commandType: { case: 'setWorkerDraining', value: { workerId, draining } } });
}

export function workerLost(workerId: bigint, lostAtMs: bigint): Command {
  return create(CommandSchema, { commandType: { case: 'workerLost', value: { workerId, lostAtMs } } });
}

/** Evict jobs finished before `cutoffMs` (the leader proposes now - retention). */
export function evictJobs(cutoffMs: bigint): Command {
  return create(CommandSchema, { commandType: { case: 'evictJobs', value: { cutoffMs } } });
}
