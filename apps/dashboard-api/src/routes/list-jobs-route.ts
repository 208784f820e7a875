import { ConnectError } from '@connectrpc/connect';
import { httpStatusOf, submitError } from '../api/error-replies';
import { jobJson } from '../api/job-json';
import { parseQuery } from '../api/parse-query';
import { ListJobsQuery, MAX_LIST_LIMIT } from '../api/request-schemas';
import { statusOfName } from '../api/status-names';
import { json } from '../http/reply';
import type { Route } from '../http/route-table';
import type { NodeRouter } from '../upstream/node-router';

/** Header with the number of jobs matching the filters (all pages). */
export const TOTAL_HEADER = 'x-total-count';
/** Header with the page_token of the next page; absent on the last page. */
export const NEXT_PAGE_HEADER = 'x-next-page-token';

/**
 * GET /api/jobs: REF's JSON array of jobs in creation order, bounded: one ListJobs page of
 * `limit` (default and max 1000) jobs from `page_token` on, filtered by `status`, `worker`
 * and `command` (ListJobsQuery), with the filtered total in X-Total-Count and the next
 * page's token in X-Next-Page-Token. A bad query is 400 `{"success":false,"job_id":null,...}`.
 */
export function listJobsRoute(router: NodeRouter): Route {
  return {
    method: 'GET',
    path: '/api/jobs',
    handle: async ({ query }) => {
      const parsed = parseQuery(query, ListJobsQuery);
      if (!parsed.ok) return submitError(400, parsed.message);
      const q = parsed.value;
      const request = {
        pageSize: q.limit ?? MAX_LIST_LIMIT,
        pageToken: q.page_token ?? '',
        commandFilter: q.command ?? '',
        ...(q.status === undefined ? {} : { statusFilter: statusOfName(q.status) }),
        ...(q.worker === undefined ? {} : { workerIdFilter: BigInt(q.worker) }),
      };
      try {
        const page = await router.read('ListJobs', (c, o) => c.listJobs(request, o));
        const headers: Record<string, string> = { [TOTAL_HEADER]: String(page.totalCount) };
        if (page.nextPageToken !== '') headers[NEXT_PAGE_HEADER] = page.nextPageToken;
        return json(200, page.jobs.map(jobJson), headers);
      } catch (error) {
        const failure = ConnectError.from(error);
        return submitError(httpStatusOf(failure), failure.rawMessage);
      }
    },
  };
}
