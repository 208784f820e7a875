import { evictedJobs, finishedJobs, type Sample } from './sample';

const MiB = 2 ** 20;

function mib(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? '?' : (bytes / MiB).toFixed(1);
}

function count(value: number | null): string {
  return value === null ? '?' : String(value);
}

function ms(value: number | null): string {
  return value === null ? '-' : String(value);
}

/** Column names of the sample lines (the per-node columns are `/`-separated, node 1 first). */
export const SAMPLE_HEADER =
  'elapsed_s  phase    submitted  acked  behind  finished  evicted  table  pending  running  log  rss_mib(n1/n2/n3)  disk_mib(n1/n2/n3)  submit_p50/p99_ms';

/** One sample as one line of space-separated fields, in SAMPLE_HEADER's order. */
export function sampleLine(s: Sample): string {
  return [
    s.elapsedS.toFixed(0),
    s.phase,
    s.submitted,
    s.acknowledged,
    s.behind,
    count(finishedJobs(s)),
    count(evictedJobs(s)),
    count(s.table),
    count(s.pending),
    count(s.running),
    count(s.logEntries),
    s.rssBytes.map(mib).join('/'),
    s.diskBytes.map(mib).join('/'),
    `${ms(s.submitP50Ms)}/${ms(s.submitP99Ms)}`,
  ].join('  ');
}

/** About `rows` samples spread evenly over the run, always the first and the last. */
export function everyNth<T>(items: readonly T[], rows: number): T[] {
  if (items.length <= rows) return [...items];
  const step = Math.ceil((items.length - 1) / (rows - 1));
  const picked = items.filter((_, k) => k % step === 0);
  if ((items.length - 1) % step !== 0) picked.push(items[items.length - 1]!);
  return picked;
}

/** A Markdown table of `samples` (for docs/benchmarks.md). */
export function markdownTable(samples: readonly Sample[]): string {
  const nodes = samples[0]?.rssBytes.length ?? 0;
  const ids = Array.from({ length: nodes }, (_, k) => `n${k + 1}`).join('/');
  const header = ['elapsed (s)', 'phase', 'acknowledged', 'finished', 'evicted', 'in table', 'Raft log', `RSS MiB (${ids})`, `data dir MiB (${ids})`];
  const rows = samples.map((s) => [
    s.elapsedS.toFixed(0),
    s.phase,
    String(s.acknowledged),
    count(finishedJobs(s)),
    count(evictedJobs(s)),
    count(s.table),
    count(s.logEntries),
    s.rssBytes.map(mib).join(' / '),
    s.diskBytes.map(mib).join(' / '),
  ]);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * Least-squares slope of `value` against acknowledged jobs, in value units per 100,000 jobs
 * (null with fewer than two usable points or no spread in jobs): how much a node grows per
 * job over the samples given.
 */
export function slopePer100kJobs(samples: readonly Sample[], value: (s: Sample) => number | null): number | null {
  const points = samples.flatMap((s) => {
    const y = value(s);
    return y === null ? [] : [{ x: s.acknowledged, y }];
  });
  if (points.length < 2) return null;
  const mx = points.reduce((a, p) => a + p.x, 0) / points.length;
  const my = points.reduce((a, p) => a + p.y, 0) / points.length;
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  if (sxx === 0) return null;
  const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  return (sxy / sxx) * 100_000;
}
