import type { JobInfo } from '@sched/rpc/gen';
import type { JsonValue } from '../format/json';
import { jobStatusLabel } from '../format/status';
import { joinLines, padRight } from '../format/text';
import { truncateCommand } from '../format/truncate';

/** What `job list` shows: the jobs fetched, the server's total and whether pages remain. */
export interface JobListing {
  readonly jobs: readonly JobInfo[];
  readonly totalCount: number;
  readonly hasMore: boolean;
}

/** `job list`, table (REF §1.6). */
export function jobListTable(listing: JobListing): string {
  if (listing.jobs.length === 0) return joinLines(['No jobs found.']);
  const lines = [row('JOB ID', 'STATUS', 'WORKER', 'COMMAND'), '-'.repeat(78)];
  for (const job of listing.jobs) {
    const worker = job.assignedWorker > 0n ? job.assignedWorker.toString() : '-';
    lines.push(row(job.jobId, jobStatusLabel(job.status), worker, truncateCommand(job.command)));
  }
  lines.push('', `Showing ${listing.jobs.length} of ${listing.totalCount} jobs`);
  if (listing.hasMore) lines.push('(Use --all to fetch all pages)');
  return joinLines(lines);
}

function row(id: string, status: string, worker: string, command: string): string {
  return `${padRight(id, 38)} ${padRight(status, 12)} ${padRight(worker, 8)} ${command}`;
}

/** `job list`, JSON: `{jobs: [{job_id, status, command, assigned_worker, created_at_ms}], total_count, has_more}`. */
export function jobListJson(listing: JobListing): JsonValue {
  return {
    jobs: listing.jobs.map((job) => ({
      job_id: job.jobId,
      status: jobStatusLabel(job.status),
      command: job.command,
      assigned_worker: job.assignedWorker,
      created_at_ms: job.createdAtMs,
    })),
    total_count: listing.totalCount,
    has_more: listing.hasMore,
  };
}
