import type { Job } from './job';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './limits';
import { lowerBound } from './lower-bound';
import { parsePageToken } from './page-token';
import { isKnownStatus } from './status-names';
import type { Row } from './table-state';

/**
 * ListJobs parameters, as in ListJobsRequest (a request message can be passed as is).
 * The zero value of each filter means "no filter".
 */
export interface ListQuery {
  /** 0 (or absent): 100; otherwise at most 1000. */
  readonly pageSize?: number;
  /** "" or a previous response's next_page_token (a decimal offset). */
  readonly pageToken?: string;
  /** A JobStatus; 0 or a number outside the enum: no filter. */
  readonly statusFilter?: number;
  /** Jobs assigned to OR executed by this worker. */
  readonly workerIdFilter?: bigint;
  /** Case-insensitive (Unicode lowercase) substring of the command. */
  readonly commandFilter?: string;
  /** Inclusive bounds on created_at_ms; negative values are honoured literally. */
  readonly createdAfterMs?: bigint;
  readonly createdBeforeMs?: bigint;
}

export type ListResult =
  | {
      readonly ok: true;
      readonly jobs: readonly Job[];
      /** Offset of the next page, or "" when this page reaches the end of the filtered set. */
      readonly nextPageToken: string;
      /** Size of the filtered set, not of the table. */
      readonly totalCount: number;
    }
  | { readonly ok: false; readonly error: 'Invalid page token' };

/**
 * One page of the jobs matching every filter (AND), in (created_at, id) order, exactly as
 * REF §4.2 pages: the token is an offset into the filtered, sorted set; an offset past the
 * end gives no jobs and an empty token. `rows` must be in creation order.
 *
 * Cost: the time bounds narrow the scan by binary search; other filters scan the rest
 * once (total_count needs the whole filtered set), without allocating per row.
 */
export function listJobs(rows: readonly Row[], query: ListQuery): ListResult {
  const offset = parsePageToken(query.pageToken ?? '');
  if (offset === undefined) return { ok: false, error: 'Invalid page token' };
  const requested = query.pageSize ?? 0;
  const size = requested === 0 ? DEFAULT_PAGE_SIZE : Math.min(requested, MAX_PAGE_SIZE);
  const status = isKnownStatus(query.statusFilter ?? 0) ? query.statusFilter : undefined;
  const worker = query.workerIdFilter ?? 0n;
  const needle = (query.commandFilter ?? '').toLowerCase();
  const after = query.createdAfterMs ?? 0n;
  const before = query.createdBeforeMs ?? 0n;
  const from = after === 0n ? 0 : firstCreatedAtLeast(rows, after);
  const to = before === 0n ? rows.length : firstCreatedAtLeast(rows, before + 1n);

  const jobs: Job[] = [];
  let total = 0;
  if (status === undefined && worker === 0n && needle === '') {
    total = Math.max(0, to - from);
    for (let i = from + offset; i < to && jobs.length < size; i++) jobs.push((rows[i] as Row).job);
  } else {
    for (let i = from; i < to; i++) {
      const row = rows[i] as Row;
      const job = row.job;
      if (status !== undefined && job.status !== status) continue;
      if (worker !== 0n && job.assignedWorker !== worker && job.executedBy !== worker) continue;
      if (needle !== '' && !row.lower.includes(needle)) continue;
      if (total >= offset && jobs.length < size) jobs.push(job);
      total++;
    }
  }
  const next = offset + jobs.length;
  return { ok: true, jobs, nextPageToken: next < total ? String(next) : '', totalCount: total };
}

/** Jobs in creation order, optionally of one status (0 or an unknown number: all). */
export function streamJobs(rows: readonly Row[], statusFilter: number): Job[] {
  if (!isKnownStatus(statusFilter)) return rows.map((row) => row.job);
  const jobs: Job[] = [];
  for (const row of rows) if (row.job.status === statusFilter) jobs.push(row.job);
  return jobs;
}

/** Index of the first row created at or after `ms` (rows.length if none). */
function firstCreatedAtLeast(rows: readonly Row[], ms: bigint): number {
  return lowerBound(rows.length, (i) => (rows[i] as Row).job.createdAtMs < ms);
}
