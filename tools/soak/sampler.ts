import { JobStatus } from '@sched/rpc/gen';
import type { ClusterClient } from '../harness/cluster-client';
import { countJobs } from '../harness/job-pages';
import type { ProcessCluster } from '../harness/process-cluster';
import { summarize } from '../harness/stats';
import { directoryBytes } from './disk';
import type { Phase, Sample } from './sample';
import type { SubmitProgress } from './submitter';

/** What the leader's table and log look like now (nulls when no leader answered within 10 s). */
type LeaderView = Pick<Sample, 'table' | 'pending' | 'running' | 'failedJobs' | 'logEntries' | 'commitIndex'>;

const NO_ANSWER: LeaderView = { table: null, pending: null, running: null, failedJobs: null, logEntries: null, commitIndex: null };

async function leaderView(client: ClusterClient): Promise<LeaderView> {
  const outcome = await client.onLeader(async (c) => {
    const table = (await c.listJobs({ pageSize: 1 }, { timeoutMs: 10_000 })).totalCount;
    const pending = await countJobs(c, JobStatus.PENDING);
    const running = await countJobs(c, JobStatus.RUNNING);
    const failedJobs = await countJobs(c, JobStatus.FAILED);
    // A start index past the end returns no entries, only the log's bounds.
    const log = await c.getRaftLogEntries({ startIndex: BigInt(Number.MAX_SAFE_INTEGER), limit: 1 }, { timeoutMs: 10_000 });
    const last = Number(log.lastLogIndex);
    const first = Number(log.firstAvailableIndex);
    return { table, pending, running, failedJobs, logEntries: first === 0 ? 0 : last - first + 1, commitIndex: Number(log.commitIndex) };
  }, 10_000);
  return outcome.ok ? outcome.value : NO_ANSWER;
}

/** Takes one sample: the leader's table and log, then every node's RSS and data directory size. */
export async function takeSample(
  cluster: ProcessCluster,
  client: ClusterClient,
  progress: SubmitProgress,
  latenciesMs: readonly number[],
  phase: Phase,
  elapsedS: number,
): Promise<Sample> {
  const view = await leaderView(client);
  const latency = latenciesMs.length === 0 ? undefined : summarize(latenciesMs);
  return {
    phase,
    elapsedS,
    submitted: progress.started,
    acknowledged: progress.acknowledged,
    failedSubmits: progress.failed,
    behind: progress.behind,
    ...view,
    rssBytes: cluster.ids.map((id) => cluster.node(id)?.rssBytes() ?? null),
    diskBytes: cluster.ids.map((id) => directoryBytes(cluster.dataDir(id))),
    submitP50Ms: latency?.p50 ?? null,
    submitP99Ms: latency?.p99 ?? null,
  };
}
