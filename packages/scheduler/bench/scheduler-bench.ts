/**
 * `npm run bench:scheduler`: the job table's apply rate, ListJobs latency per page over
 * 100,000 jobs, and snapshot size and time. Prints Markdown for docs/benchmarks.md
 * (## Scheduler). Single process, no I/O in the measured parts; each figure is the
 * median (and worst) of repeated runs after a warm-up.
 */
import { cpus, totalmem } from 'node:os';
import { JobStatus } from '@sched/rpc/gen';
import { JobTable, type ListQuery } from '@sched/scheduler';
import { at, ms, thousands, timeRuns } from './measure';
import { T0, STEP_MS, buildLog, encodeLog } from './workload';

const JOBS = 100_000;
const ACTIVE = 10_000;
const LIST_REPS = 50;

function applyRate(): { table: JobTable; lines: string[] } {
  const log = buildLog(JOBS, ACTIVE);
  const entries = encodeLog(log);
  const lines: string[] = [];
  // Warm-up on a throwaway table, then the measured runs.
  JobTable.create().apply(log[0] as (typeof log)[0], { index: 1, term: 1 });
  let table = JobTable.create();
  const decodeRuns = timeRuns(3, () => {
    table = JobTable.create();
    entries.forEach((data, i) => table.applyEntry(data, { index: i + 1, term: 1 }));
  });
  const applyRuns = timeRuns(3, () => {
    const t = JobTable.create();
    log.forEach((command, i) => t.apply(command, { index: i + 1, term: 1 }));
  });
  const rate = (runMs: number): string => thousands((log.length / runMs) * 1000);
  lines.push(`| apply, entry bytes (decode + apply) | ${thousands(log.length)} commands | ${rate(at(decodeRuns, 50))} commands/s (median of 3) |`);
  lines.push(`| apply, decoded commands | ${thousands(log.length)} commands | ${rate(at(applyRuns, 50))} commands/s (median of 3) |`);
  return { table, lines };
}

function listLatency(table: JobTable): string[] {
  const total = (q: ListQuery): number => {
    const r = table.list(q);
    return r.ok ? r.totalCount : 0;
  };
  const shapes: [string, ListQuery][] = [
    ['no filter, first page (100)', {}],
    ['no filter, last page (1000)', { pageSize: 1000, pageToken: String(JOBS - 1000) }],
    ['status=COMPLETED, first page', { statusFilter: JobStatus.COMPLETED }],
    ['status=RUNNING, last page', { statusFilter: JobStatus.RUNNING, pageToken: String(total({ statusFilter: JobStatus.RUNNING }) - 100) }],
    ['worker=3, middle page', { workerIdFilter: 3n, pageToken: '5000' }],
    ['command "python", first page', { commandFilter: 'python' }],
    ['command "no-such-text" (0 matches)', { commandFilter: 'no-such-text' }],
    ['created in the middle half, page 1000', { pageSize: 1000, createdAfterMs: T0 + 25_000n * STEP_MS, createdBeforeMs: T0 + 75_000n * STEP_MS }],
    ['status+worker+command+window', { statusFilter: JobStatus.COMPLETED, workerIdFilter: 4n, commandFilter: 'PYTHON', createdAfterMs: T0 + STEP_MS }],
  ];
  const lines = shapes.map(([name, query]) => {
    const runs = timeRuns(LIST_REPS, () => table.list(query));
    return `| ${name} | ${thousands(total(query))} | ${ms(at(runs, 50))} | ${ms(at(runs, 100))} |`;
  });
  let pages = 0;
  const walk = timeRuns(3, () => {
    pages = 0;
    let token = '';
    do {
      const r = table.list({ pageSize: 1000, pageToken: token });
      token = r.ok ? r.nextPageToken : '';
      pages++;
    } while (token !== '');
  });
  lines.push(`| walk all pages (1000 each), per page | ${thousands(JOBS)} | ${ms(at(walk, 50) / pages)} | ${ms(at(walk, 100) / pages)} |`);
  const stream = timeRuns(5, () => table.stream());
  lines.push(`| stream() all jobs, whole call | ${thousands(JOBS)} | ${ms(at(stream, 50))} | ${ms(at(stream, 100))} |`);
  return lines;
}

function snapshotFigures(table: JobTable): string[] {
  let bytes = table.snapshot();
  const encode = timeRuns(5, () => {
    bytes = table.snapshot();
  });
  const restore = timeRuns(5, () => JobTable.restore(bytes));
  return [
    `| snapshot() | ${thousands(bytes.length)} bytes (${(bytes.length / table.size).toFixed(1)} bytes/job) | ${ms(at(encode, 50))} ms (median of 5), worst ${ms(at(encode, 100))} ms |`,
    `| restore() | same bytes | ${ms(at(restore, 50))} ms (median of 5), worst ${ms(at(restore, 100))} ms |`,
  ];
}

function main(): void {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}\n`);
  const { table, lines: rates } = applyRate();
  const counts = table.countsByStatus();
  console.log(`Table: ${thousands(table.size)} jobs (${JSON.stringify(counts)})\n`);
  console.log('| apply | workload | rate |\n|---|---|---|');
  for (const line of rates) console.log(line);
  console.log(`\n| ListJobs query over 100,000 jobs (${LIST_REPS} runs each) | matches | median ms | max ms |\n|---|---|---|---|`);
  for (const line of listLatency(table)) console.log(line);
  console.log('\n| snapshot of 100,000 jobs | size | time |\n|---|---|---|');
  for (const line of snapshotFigures(table)) console.log(line);
  console.log(`\nHeap after the run: ${thousands(process.memoryUsage().heapUsed / 2 ** 20)} MiB`);
}

main();
