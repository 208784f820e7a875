import { JobStatus } from '@sched/rpc/gen';
import type { ClusterClient } from '../harness/cluster-client';
import { allJobs } from '../harness/job-pages';

/** Cancels in flight at once. */
const CONCURRENT_CANCELS = 64;

/**
 * Cancels every pending job, as the leader lists them. On the write-path cluster
 * (--worker-slots 0) nothing runs, so every job a phase submits stays active and counts
 * toward the scheduler's 10,000 active-job capacity; cancelling between phases lets each
 * phase start from an empty queue. Resolves with the number cancelled; throws if a cancel
 * fails after its retries.
 */
export async function cancelPending(client: ClusterClient): Promise<number> {
  const listed = await client.onLeader((c) => allJobs(c, JobStatus.PENDING), 60_000);
  if (!listed.ok) throw new Error(`listing pending jobs failed: ${listed.error.message}`);
  const ids = listed.value.map((job) => job.jobId);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const jobId = ids[next++]!;
      const outcome = await client.onLeader((c) => c.cancelJob({ jobId }), 30_000);
      if (!outcome.ok) throw new Error(`cancelling job ${jobId} failed: ${outcome.error.message}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_CANCELS }, worker));
  return ids.length;
}
