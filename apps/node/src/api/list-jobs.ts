import { Code, ConnectError, type MethodImpl } from '@connectrpc/connect';
import type { SchedulerService } from '@sched/rpc/gen';
import { consistentRead } from './consistent-read';
import { toJobInfo } from './job-info';
import type { NodeContext } from './node-context';

/**
 * ListJobs (any node, local table; after a read-index round when `consistent`): one
 * filtered page exactly as REF §4.2 (page size 0 → 100, at most 1000; the token is a
 * decimal offset, anything else → INVALID_ARGUMENT `Invalid page token`; filters ANDed;
 * total_count of the filtered set; next_page_token "" on the last page). The rules live
 * in JobTable.list.
 */
export function listJobs(ctx: NodeContext): MethodImpl<typeof SchedulerService.method.listJobs> {
  return async (request) => {
    await consistentRead(ctx, request.consistent);
    const page = ctx.table().list(request);
    if (!page.ok) throw new ConnectError(page.error, Code.InvalidArgument);
    return { jobs: page.jobs.map(toJobInfo), nextPageToken: page.nextPageToken, totalCount: page.totalCount };
  };
}
