import type { JobInfo, JobStatus } from '@sched/rpc/gen';
import type { SchedulerClient } from './cluster-client';

/** Every job in node's local table (optionally of one status), read page by page (1000 a page). */
export async function allJobs(client: SchedulerClient, statusFilter: JobStatus | 0 = 0, consistent = false): Promise<JobInfo[]> {
  const jobs: JobInfo[] = [];
  let pageToken = '';
  do {
    const page = await client.listJobs({ pageSize: 1000, pageToken, statusFilter, consistent }, { timeoutMs: 30_000 });
    jobs.push(...page.jobs);
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return jobs;
}

/** How many jobs of `status` the table holds (one page of one job, for its total_count). */
export async function countJobs(client: SchedulerClient, status: JobStatus): Promise<number> {
  return (await client.listJobs({ pageSize: 1, statusFilter: status }, { timeoutMs: 10_000 })).totalCount;
}
