import { Code, ConnectError } from '@connectrpc/connect';
import { httpStatusOf, jobError } from '../api/error-replies';
import { jobDetailJson } from '../api/job-json';
import { parseJobId } from '../api/job-id';
import { json, type Reply } from '../http/reply';
import type { Route } from '../http/route-table';
import type { NodeRouter, SchedulerClient } from '../upstream/node-router';

/** ListJobs pages read at most while looking for a job's command among the jobs created in its millisecond. */
const MAX_COMMAND_PAGES = 10;

/**
 * GET /api/jobs/:id (sched addition) and DELETE /api/jobs/:id. Both answer a bad id with
 * 400 `{"success":false,"error":"invalid job id"}` and an unknown job with 404
 * `job not found` (REF §5.1 wording); other refusals keep the node's text.
 *
 * GET: GetJobStatus (output and error, fetched from the executing node) plus the job's
 * command, which GetJobStatus lacks: a ListJobs of the jobs created in the job's
 * millisecond (inclusive created_after/before bounds), usually one row.
 * DELETE: CancelJob at the leader; 200 `{"success":true,"error":null}` once applied; a
 * finished job is 400 `job is already <status>`.
 */
export function jobRoutes(router: NodeRouter): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/jobs/:id',
      handle: async ({ params }) => {
        const id = parseJobId(params['id'] ?? '');
        if (id === undefined) return jobError(400, 'invalid job id');
        try {
          const status = await router.read('GetJobStatus', (c, o) => c.getJobStatus({ jobId: id }, o));
          const command = await router.read('ListJobs', (c, o) => commandOf(c, o, id, status.createdAtMs));
          if (command === undefined) return jobError(404, 'job not found');
          return json(200, jobDetailJson(status, command));
        } catch (error) {
          return failed(error);
        }
      },
    },
    {
      method: 'DELETE',
      path: '/api/jobs/:id',
      handle: async ({ params }) => {
        const id = parseJobId(params['id'] ?? '');
        if (id === undefined) return jobError(400, 'invalid job id');
        try {
          const answer = await router.write('CancelJob', (c, o) => c.cancelJob({ jobId: id }, o));
          return answer.success ? json(200, { success: true, error: null }) : jobError(400, answer.message);
        } catch (error) {
          return failed(error);
        }
      },
    },
  ];
}

async function commandOf(client: SchedulerClient, options: { timeoutMs?: number }, id: string, createdAtMs: bigint): Promise<string | undefined> {
  let pageToken = '';
  for (let page = 0; page < MAX_COMMAND_PAGES; page++) {
    const answer = await client.listJobs({ createdAfterMs: createdAtMs, createdBeforeMs: createdAtMs, pageSize: 1000, pageToken }, options);
    const job = answer.jobs.find((j) => j.jobId === id);
    if (job !== undefined) return job.command;
    if (answer.nextPageToken === '') return undefined;
    pageToken = answer.nextPageToken;
  }
  return undefined;
}

function failed(error: unknown): Reply {
  const failure = ConnectError.from(error);
  if (failure.code === Code.NotFound) return jobError(404, 'job not found');
  if (failure.code === Code.InvalidArgument) return jobError(400, 'invalid job id');
  return jobError(httpStatusOf(failure), failure.rawMessage);
}
