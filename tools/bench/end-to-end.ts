import { JobStatus } from '@sched/rpc/gen';
import { ClusterClient, sleep } from '../harness/cluster-client';
import { allJobs, countJobs } from '../harness/job-pages';
import { type LatencySummary, summarize } from '../harness/stats';
import { runSubmitLoad, submitOnce } from './submit-load';

export interface EndToEndResult {
  readonly jobs: number;
  readonly completed: number;
  readonly failed: number;
  /** First submit to the last job's completion. */
  readonly wallMs: number;
  readonly jobsPerSecond: number;
  /** Per job: created_at (the leader's clock at submit) to completed_at (the worker's clock). */
  readonly submitToComplete: LatencySummary;
}

/** Runs one job to completion, so every worker has registered before the clock starts. */
async function warmUp(client: ClusterClient, timeoutMs: number): Promise<void> {
  const submitted = await submitOnce(client, 'echo warm-up');
  if (!submitted.ok) throw submitted.error;
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const status = await client.onLeader((c) => c.getJobStatus({ jobId: submitted.value }), 10_000);
    if (status.ok && status.value.status === JobStatus.COMPLETED) return;
    if (Date.now() >= giveUpAt) throw new Error(`the warm-up job did not complete within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * Submits `jobs` `echo hello` jobs from `clients` concurrent clients, waits until every one
 * is terminal, and reads the timings back from the leader's table. All nodes share this
 * machine's clock, so completed_at - created_at is a true interval.
 */
export async function runEndToEnd(urls: ReadonlyMap<number, string>, jobs: number, clients: number, timeoutMs: number): Promise<EndToEndResult> {
  const reader = new ClusterClient({ urls, callTimeoutMs: 10_000 });
  try {
    await warmUp(reader, 60_000);
    const startedAtMs = Date.now();
    const load = await runSubmitLoad({ urls, clients, submits: jobs, command: () => 'echo hello' });
    if (load.failures > 0) throw new Error(`${load.failures} of ${jobs} submits failed`);
    const giveUpAt = Date.now() + timeoutMs;
    for (;;) {
      const terminal = await reader.onLeader(async (c) => (await countJobs(c, JobStatus.COMPLETED)) + (await countJobs(c, JobStatus.FAILED)), 10_000);
      if (terminal.ok && terminal.value >= jobs + 1) break;
      if (Date.now() >= giveUpAt) throw new Error(`only ${terminal.ok ? terminal.value : '?'} of ${jobs} jobs terminal after ${timeoutMs} ms`);
      await sleep(200);
    }
    const table = await reader.onLeader((c) => allJobs(c, 0, true), 30_000);
    if (!table.ok) throw table.error;
    const finished = table.value.filter((j) => j.completedAtMs !== undefined && j.command === 'echo hello');
    const lastCompletedMs = Math.max(...finished.map((j) => Number(j.completedAtMs)));
    const wallMs = lastCompletedMs - startedAtMs;
    return {
      jobs,
      completed: finished.filter((j) => j.status === JobStatus.COMPLETED).length,
      failed: finished.filter((j) => j.status === JobStatus.FAILED).length,
      wallMs,
      jobsPerSecond: Math.round((jobs / wallMs) * 1000 * 10) / 10,
      submitToComplete: summarize(finished.map((j) => Number(j.completedAtMs) - Number(j.createdAtMs))),
    };
  } finally {
    reader.close();
  }
}
