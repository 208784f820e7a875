import type { ServiceImpl } from '@connectrpc/connect';
import type { SchedulerService } from '@sched/rpc/gen';
import { abortable } from './abortable';
import { cancelJob } from './cancel-job';
import { getClusterStatus } from './cluster-status';
import { type DrainTimings, DRAIN_TIMINGS, drainNode } from './drain-node';
import { getJobStatus } from './get-job-status';
import { listJobs } from './list-jobs';
import type { NodeContext } from './node-context';
import { getRaftLogEntries } from './raft-log-entries';
import { streamJobs } from './stream-jobs';
import { submitJob } from './submit-job';
import { transferLeadership } from './transfer-leadership';
import { undrainNode } from './undrain-node';

export interface SchedulerServiceOptions {
  /** DrainNode's wait for running jobs (tests shorten it). */
  readonly drain?: DrainTimings;
}

/**
 * The client API of one node (`scheduler.SchedulerService`), with the reference's status
 * codes and messages (REF §4.2) and SPEC §3's semantics; one file per RPC, every unary
 * one abortable (a call given up by its client is not answered later). Register with
 * `router.service(SchedulerService, schedulerServiceHandlers(ctx))`.
 */
export function schedulerServiceHandlers(ctx: NodeContext, options: SchedulerServiceOptions = {}): ServiceImpl<typeof SchedulerService> {
  return {
    submitJob: abortable(submitJob(ctx)),
    getJobStatus: abortable(getJobStatus(ctx)),
    listJobs: abortable(listJobs(ctx)),
    streamJobs: streamJobs(ctx),
    getClusterStatus: abortable(getClusterStatus(ctx)),
    getRaftLogEntries: abortable(getRaftLogEntries(ctx)),
    transferLeadership: abortable(transferLeadership(ctx)),
    drainNode: abortable(drainNode(ctx, options.drain ?? DRAIN_TIMINGS)),
    cancelJob: abortable(cancelJob(ctx)),
    undrainNode: abortable(undrainNode(ctx)),
  };
}
