import { JobStatus, type JobInfo } from '@sched/rpc/gen';
import { ClusterClient, sleep } from '../harness/cluster-client';
import { allJobs, countJobs } from '../harness/job-pages';
import type { History } from './history';
import { overlappingRuns, readRuns } from './side-effects';

export interface CheckResult {
  readonly violations: string[];
  /** Jobs in the converged table by status name. */
  readonly statuses: Record<string, number>;
  readonly jobs: number;
  readonly runs: number;
}

const TERMINAL_WAIT_MS = 120_000;
const CONVERGE_WAIT_MS = 60_000;

/**
 * The end-of-run checks, on a healed cluster:
 * 1. every job becomes terminal;
 * 2. every node's table converges to the same jobs with the same fields (JobInfo and the
 *    GetJobStatus fields: executed_by, exit code, error);
 * 3. every acknowledged submit is in that table, under the job id it was acknowledged with,
 *    and no idempotency key made two jobs;
 * 4. no job had two runs alive at once (side-effect files), and every Completed job has a
 *    run that finished;
 * 5. every acknowledged cancel (success) left its job Cancelled;
 * 6. no consistent read that started after a submit was acknowledged answered NOT_FOUND.
 */
export async function checkRun(client: ClusterClient, ids: readonly number[], history: History, effectsDir: string, keyOf: (command: string) => string | undefined): Promise<CheckResult> {
  const violations: string[] = [];
  await waitUntilTerminal(client, violations);
  const tables = await convergedTables(client, ids, violations);
  const table = tables.get(ids[0]!) ?? [];
  await compareStatuses(client, ids, table, violations);

  const byId = new Map(table.map((job) => [job.jobId, job]));
  const jobsByKey = new Map<string, JobInfo[]>();
  for (const job of table) {
    const key = keyOf(job.command);
    if (key === undefined) continue;
    jobsByKey.set(key, [...(jobsByKey.get(key) ?? []), job]);
  }
  for (const [key, jobs] of jobsByKey) if (jobs.length > 1) violations.push(`idempotency key ${key} made ${jobs.length} jobs: ${jobs.map((j) => j.jobId).join(', ')}`);
  for (const [key, jobId] of history.acknowledged) {
    if (!byId.has(jobId)) violations.push(`acknowledged submit ${key} (job ${jobId}) is missing from the converged table`);
    const jobs = jobsByKey.get(key) ?? [];
    if (jobs.length === 1 && jobs[0]!.jobId !== jobId) violations.push(`submit ${key} was acknowledged as job ${jobId} but the table holds it as ${jobs[0]!.jobId}`);
  }
  for (const conflict of history.conflicts) violations.push(conflict);

  const runs = readRuns(effectsDir);
  let runCount = 0;
  for (const [key, keyRuns] of runs) {
    runCount += keyRuns.length;
    for (const [a, b] of overlappingRuns(keyRuns)) {
      violations.push(`job ${key}: two runs alive at once (pid ${a.pid} ${a.firstMs}-${a.lastMs}, pid ${b.pid} ${b.firstMs}-${b.lastMs})`);
    }
  }
  for (const [key, jobs] of jobsByKey) {
    for (const job of jobs) {
      if (job.status === JobStatus.COMPLETED && !(runs.get(key) ?? []).some((r) => r.finished)) violations.push(`job ${job.jobId} (${key}) is Completed but no run of it finished`);
    }
  }

  for (const o of history.operations) {
    if (o.op === 'cancel' && o.ok && o.success === true && byId.get(o.jobId!)?.status !== JobStatus.CANCELLED) {
      violations.push(`cancel of ${o.jobId} was acknowledged as successful, but the job ended ${JobStatus[byId.get(o.jobId!)?.status ?? 0]}`);
    }
    const ackedAt = o.jobId === undefined ? undefined : history.acknowledgedAtMs.get(o.jobId);
    if (o.op === 'read' && !o.ok && o.error?.startsWith('NotFound') === true && ackedAt !== undefined && ackedAt < o.startMs) {
      violations.push(`consistent read of ${o.jobId} on node ${o.node} answered ${o.error}, after its submit was acknowledged`);
    }
  }

  const statuses: Record<string, number> = {};
  for (const job of table) statuses[JobStatus[job.status]] = (statuses[JobStatus[job.status]] ?? 0) + 1;
  return { violations, statuses, jobs: table.length, runs: runCount };
}

async function waitUntilTerminal(client: ClusterClient, violations: string[]): Promise<void> {
  const giveUpAt = Date.now() + TERMINAL_WAIT_MS;
  for (;;) {
    const open = await client.onLeader(async (c) => (await countJobs(c, JobStatus.PENDING)) + (await countJobs(c, JobStatus.RUNNING)), 10_000);
    if (open.ok && open.value === 0) return;
    if (Date.now() >= giveUpAt) {
      violations.push(`jobs still not terminal ${TERMINAL_WAIT_MS / 1000} s after healing: ${open.ok ? open.value : open.error.message}`);
      return;
    }
    await sleep(500);
  }
}

/** Every node's local table, once they are identical (or the last ones read, with a violation). */
async function convergedTables(client: ClusterClient, ids: readonly number[], violations: string[]): Promise<Map<number, JobInfo[]>> {
  const giveUpAt = Date.now() + CONVERGE_WAIT_MS;
  for (;;) {
    const tables = new Map<number, JobInfo[]>();
    for (const id of ids) tables.set(id, await allJobs(client.node(id)).catch(() => []));
    const texts = ids.map((id) => tableText(tables.get(id)!));
    const differing = ids.filter((_, k) => texts[k] !== texts[0]);
    if (differing.length === 0) return tables;
    if (Date.now() >= giveUpAt) {
      violations.push(`tables did not converge within ${CONVERGE_WAIT_MS / 1000} s: nodes ${differing.join(', ')} differ from node ${ids[0]} (${firstDifference(tables, ids[0]!, differing[0]!)})`);
      return tables;
    }
    await sleep(500);
  }
}

function tableText(jobs: readonly JobInfo[]): string {
  return jobs.map(jobText).join('\n');
}

function jobText(j: JobInfo): string {
  return [j.jobId, JobStatus[j.status], j.assignedWorker, j.createdAtMs, j.completedAtMs ?? '-', j.command].join(' ');
}

function firstDifference(tables: Map<number, JobInfo[]>, a: number, b: number): string {
  const left = tables.get(a)!.map(jobText);
  const right = tables.get(b)!.map(jobText);
  if (left.length !== right.length) return `${left.length} jobs vs ${right.length}`;
  const k = left.findIndex((line, i) => line !== right[i]);
  return `node ${a}: ${left[k]} / node ${b}: ${right[k]}`;
}

/** GetJobStatus of every job on every node: the fields JobInfo lacks must agree too. */
async function compareStatuses(client: ClusterClient, ids: readonly number[], table: readonly JobInfo[], violations: string[]): Promise<void> {
  const queue = [...table];
  const worker = async () => {
    for (let job = queue.pop(); job !== undefined; job = queue.pop()) {
      const seen = await Promise.all(
        ids.map((id) =>
          client
            .node(id)
            .getJobStatus({ jobId: job.jobId }, { timeoutMs: 10_000 })
            .then((s) => `${JobStatus[s.status]} executed_by=${s.executedBy} exit=${s.exitCode ?? '-'} error=${JSON.stringify(s.error)}`, (e: unknown) => `error ${String(e)}`),
        ),
      );
      if (seen.some((s) => s !== seen[0])) violations.push(`job ${job.jobId} differs between nodes: ${seen.map((s, k) => `node ${ids[k]}: ${s}`).join('; ')}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}
