import type { Sample } from './sample';

/**
 * How often the leader looks for jobs to evict. Mirrors apps/node/src/server/run-server.ts,
 * which has no flag for it: REF's 300 s, or the retention when that is shorter.
 */
export function evictionPeriodMs(retentionMs: number): number {
  return Math.min(300_000, retentionMs);
}

/**
 * Time a job may take from its submit to its finish and the commit of the eviction that
 * removes it, on top of retention + eviction period: tens of milliseconds when the cluster
 * keeps up, but a backlog of several seconds builds up for a while when the shared machine
 * is loaded (elections under load were seen). A cluster that falls behind for good grows
 * past any such slack.
 */
export const TABLE_SLACK_MS = 10_000;

/**
 * The jobs the table should hold at most at `ratePerS` once warm: a job finishes, stays
 * `retention`, and is removed by the first eviction pass after that, at most one eviction
 * period later, so it spends at most slack + retention + period in the table.
 */
export function tableBound(ratePerS: number, retentionMs: number): number {
  return Math.ceil((ratePerS * (TABLE_SLACK_MS + retentionMs + evictionPeriodMs(retentionMs))) / 1000);
}

/** Seconds of warm-up: three table lifetimes (retention + eviction period), and at least a minute. */
export function warmupSeconds(retentionMs: number): number {
  return Math.max(60, Math.ceil((3 * (retentionMs + evictionPeriodMs(retentionMs))) / 1000));
}

/** Encoded bytes per job the snapshot may take (the scheduler bench measured 73.6 with longer commands). */
export const SNAPSHOT_BYTES_PER_JOB = 256;

/** Allowed growth from the warm-up level to the end, of RSS and of data-directory size: final <= FACTOR x start + SLACK. */
export const GROWTH_FACTOR = 1.2;
export const GROWTH_SLACK_BYTES = 24 * 2 ** 20;

/**
 * The level after warm-up and at the end: the median of the first and of the last tenth of
 * the steady samples, at least LEVEL_MIN_SAMPLES each (a single sample would be at the mercy
 * of where the garbage collector happened to be).
 */
export const LEVEL_SHARE = 0.1;
export const LEVEL_MIN_SAMPLES = 3;

export function levelSampleCount(steadySamples: number): number {
  return Math.max(LEVEL_MIN_SAMPLES, Math.floor(steadySamples * LEVEL_SHARE));
}

/** The table may peak (a backlog while the shared machine is busy) at this multiple of its bound. */
export const TABLE_PEAK_FACTOR = 2;

/** The submits, all answered, must have taken at most this multiple of jobs / rate. */
export const SUBMIT_TIME_FACTOR = 1.05;

export interface VerdictInput {
  readonly samples: readonly Sample[];
  readonly ratePerS: number;
  readonly retentionMs: number;
  /** Every node's final snapshot size in bytes (read after the nodes stopped). */
  readonly snapshotBytes: readonly number[];
  /** Seconds from the first submit to the answer of the last. */
  readonly submitSeconds: number;
  /** Every job finished after the last submit (within the command's drain timeout). */
  readonly drained: boolean;
}

export interface Check {
  readonly name: string;
  readonly pass: boolean;
  readonly detail: string;
}

export interface Verdict {
  readonly pass: boolean;
  readonly checks: readonly Check[];
  /** Per node: the level after warm-up and at the end (see levelSampleCount), and the peak over the run. */
  readonly rss: readonly Level[];
  readonly disk: readonly Level[];
}

export interface Level {
  readonly warm: number;
  readonly final: number;
  readonly peak: number;
}

const MiB = 2 ** 20;

/**
 * PASS when all of these hold:
 * - memory: on every node, RSS at the end (median of the last tenth of the steady samples,
 *   at least 3) is at most 1.2 x RSS after warm-up (median of the first tenth) + 24 MiB;
 * - disk: the same rule for the size of every data directory;
 * - table: the leader's table at the end (median of the last tenth of the steady samples)
 *   holds at most tableBound(rate, retention) jobs, and never more than twice that after
 *   warm-up (a backlog of a few seconds while the shared machine is busy is not growth; a
 *   cluster that cannot keep up grows past both);
 * - snapshot: every node's final snapshot is at most 256 bytes x tableBound;
 * - rate: no submit failed after its retries, no job failed, and the submits took at most
 *   1.05 x jobs / rate (the offered rate was held over the run);
 * - drain: every job finished after the last submit.
 * A run with fewer than 6 steady samples is too short to judge: FAIL.
 */
export function judge(input: VerdictInput): Verdict {
  const { samples, ratePerS, retentionMs } = input;
  const steady = samples.filter((s) => s.phase === 'steady');
  const nodes = samples[0]?.rssBytes.length ?? 0;
  const checks: Check[] = [];
  const enough = steady.length >= 2 * LEVEL_MIN_SAMPLES;
  const rss = levels(samples, steady, nodes, (s, k) => s.rssBytes[k] ?? null);
  const disk = levels(samples, steady, nodes, (s, k) => s.diskBytes[k] ?? null);
  if (!enough) {
    checks.push({ name: 'length', pass: false, detail: `${steady.length} steady samples after warm-up; at least ${2 * LEVEL_MIN_SAMPLES} needed to judge` });
  } else {
    checks.push(growthCheck('memory', 'RSS', rss));
    checks.push(growthCheck('disk', 'data dir', disk));
  }
  const bound = tableBound(ratePerS, retentionMs);
  const tables = steady.map((s) => s.table).filter((t): t is number => t !== null);
  const finalTable = medianOf(tables.slice(-levelSampleCount(tables.length)));
  const peakTable = Math.max(0, ...tables);
  checks.push({
    name: 'table',
    pass: tables.length > 0 && finalTable <= bound && peakTable <= TABLE_PEAK_FACTOR * bound,
    detail: `table at the end ${finalTable} jobs, peak after warm-up ${peakTable}; bound ${bound} = rate x (retention + eviction period + ${TABLE_SLACK_MS / 1000} s), peak at most ${TABLE_PEAK_FACTOR} x bound`,
  });
  const snapshotLimit = SNAPSHOT_BYTES_PER_JOB * bound;
  const maxSnapshot = Math.max(0, ...input.snapshotBytes);
  checks.push({
    name: 'snapshot',
    pass: input.snapshotBytes.length > 0 && maxSnapshot <= snapshotLimit,
    detail: `largest final snapshot ${maxSnapshot} bytes, bound ${snapshotLimit} = ${SNAPSHOT_BYTES_PER_JOB} B x table bound`,
  });
  const last = samples.at(-1);
  const failedSubmits = last?.failedSubmits ?? 0;
  const failedJobs = Math.max(0, ...samples.map((s) => s.failedJobs ?? 0));
  const jobs = last?.submitted ?? 0;
  const allowedSeconds = (SUBMIT_TIME_FACTOR * jobs) / ratePerS;
  checks.push({
    name: 'rate',
    pass: failedSubmits === 0 && failedJobs === 0 && input.submitSeconds <= allowedSeconds,
    detail: `${failedSubmits} submits failed, at most ${failedJobs} failed jobs in the table, ${jobs} submits in ${input.submitSeconds.toFixed(1)} s (at most ${allowedSeconds.toFixed(1)} s = ${SUBMIT_TIME_FACTOR} x jobs / rate)`,
  });
  checks.push({ name: 'drain', pass: input.drained, detail: input.drained ? 'every job finished after the last submit' : 'jobs still pending or running at the end of the drain' });
  return { pass: checks.every((c) => c.pass), checks, rss, disk };
}

function levels(all: readonly Sample[], steady: readonly Sample[], nodes: number, value: (s: Sample, node: number) => number | null): Level[] {
  return Array.from({ length: nodes }, (_, k) => {
    const series = (list: readonly Sample[]) => list.map((s) => value(s, k)).filter((v): v is number => v !== null);
    const values = series(steady);
    const n = levelSampleCount(values.length);
    return {
      warm: medianOf(values.slice(0, n)),
      final: medianOf(values.slice(-n)),
      peak: Math.max(0, ...series(all)),
    };
  });
}

function growthCheck(name: string, what: string, perNode: readonly Level[]): Check {
  const allowed = (l: Level) => GROWTH_FACTOR * l.warm + GROWTH_SLACK_BYTES;
  const parts = perNode.map((l, k) => `node ${k + 1} ${mib(l.warm)} -> ${mib(l.final)} MiB (limit ${mib(allowed(l))})`);
  return {
    name,
    pass: perNode.length > 0 && perNode.every((l) => l.final <= allowed(l)),
    detail: `${what} after warm-up -> at the end: ${parts.join('; ')}; rule: end <= ${GROWTH_FACTOR} x warm + ${GROWTH_SLACK_BYTES / MiB} MiB, each the median of a tenth of the steady samples`,
  };
}

function medianOf(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function mib(bytes: number): string {
  return (bytes / MiB).toFixed(1);
}
