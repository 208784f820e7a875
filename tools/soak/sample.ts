/**
 * One sample of a soak run. `warm-up`: before the table can have reached its steady size;
 * `steady`: submitting after the warm-up; `drain`: every submit answered, waiting for the
 * last jobs to finish.
 */
export type Phase = 'warm-up' | 'steady' | 'drain';

export interface Sample {
  readonly phase: Phase;
  readonly elapsedS: number;
  /** Submits started, acknowledged, and failed after all retries, so far. */
  readonly submitted: number;
  readonly acknowledged: number;
  readonly failedSubmits: number;
  /** Submits due and not started (open-loop backlog). */
  readonly behind: number;
  /** On the leader (ListJobs total_count): all jobs in the table, pending, running, failed. null: no answer. */
  readonly table: number | null;
  readonly pending: number | null;
  readonly running: number | null;
  readonly failedJobs: number | null;
  /** On the leader: entries kept in the Raft log (last index - first available + 1), and the commit index. */
  readonly logEntries: number | null;
  readonly commitIndex: number | null;
  /** Per node (node 1 first): resident set size, and total size of its data directory, in bytes. */
  readonly rssBytes: readonly (number | null)[];
  readonly diskBytes: readonly number[];
  /** Submit latency (ms) of the submits acknowledged since the previous sample. */
  readonly submitP50Ms: number | null;
  readonly submitP99Ms: number | null;
}

/** Jobs pending or running. */
export function activeJobs(sample: Sample): number | null {
  return sample.pending === null || sample.running === null ? null : sample.pending + sample.running;
}

/** Jobs finished (acknowledged and no longer pending or running; includes evicted ones). */
export function finishedJobs(sample: Sample): number | null {
  const active = activeJobs(sample);
  return active === null ? null : Math.max(0, sample.acknowledged - active);
}

/**
 * Jobs evicted, at least: acknowledged jobs no longer in the table. (The table also holds
 * jobs committed whose acknowledgement is still on its way, so this may undercount by the
 * submits in flight.)
 */
export function evictedJobs(sample: Sample): number | null {
  return sample.table === null ? null : Math.max(0, sample.acknowledged - sample.table);
}
