import type { MethodImpl } from '@connectrpc/connect';
import type { SchedulerService } from '@sched/rpc/gen';
import { consistentRead } from './consistent-read';
import { toJobInfo } from './job-info';
import type { NodeContext } from './node-context';

/**
 * StreamJobs (any node, local table; after a read-index round when `consistent`): the jobs
 * as they are when the call arrives (of one status when the filter is a known one), in
 * creation order, one JobInfo per message; the stream ends after the last. Writes are
 * awaited one by one, so a slow client holds back only its own stream, and a client that
 * goes away ends it.
 */
export function streamJobs(ctx: NodeContext): MethodImpl<typeof SchedulerService.method.streamJobs> {
  return async function* (request, call) {
    await consistentRead(ctx, request.consistent);
    for (const job of ctx.table().stream(request.statusFilter)) {
      if (call.signal.aborted) return;
      yield toJobInfo(job);
    }
  };
}
