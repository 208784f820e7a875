import type { ServiceImpl } from '@connectrpc/connect';
import type { InternalService } from '@sched/rpc/gen';
import { abortable } from './abortable';
import { forwardJobStatus } from './forward-job-status';
import { getJobOutput } from './job-output';
import type { NodeContext } from './node-context';
import { workerHeartbeat } from './worker-heartbeat';

/**
 * The node-to-node job plumbing of one node (`scheduler.InternalService`, REF §4.3 with
 * SPEC §3's fixes: heartbeats and results go to the leader and results are acknowledged
 * on apply). Register with `router.service(InternalService, internalServiceHandlers(ctx))`.
 */
export function internalServiceHandlers(ctx: NodeContext): ServiceImpl<typeof InternalService> {
  return {
    getJobOutput: abortable(getJobOutput(ctx)),
    workerHeartbeat: abortable(workerHeartbeat(ctx)),
    forwardJobStatus: abortable(forwardJobStatus(ctx)),
  };
}
