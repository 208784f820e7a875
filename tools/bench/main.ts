// `npm run bench`: the cluster benchmarks of SPEC §5 on this machine (docs/benchmarks.md).
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { ClusterClient } from '../harness/cluster-client';
import { waitForLeader } from '../harness/cluster-status';
import { runCommand } from '../harness/command-args';
import { selectedExecutor } from '../harness/node-log';
import { ProcessCluster } from '../harness/process-cluster';
import { median, summarize } from '../harness/stats';
import { summarizeProfile } from './cpu-profile';
import { runEndToEnd } from './end-to-end';
import { cancelPending } from './cancel-pending';
import { measureFailover } from './failover';
import { runSubmitLoad } from './submit-load';

const FLAGS = {
  clients: { kind: 'integer', default: 64, min: 1, max: 1024, description: 'concurrent clients of the throughput run' },
  duration: { kind: 'integer', default: 10, min: 1, max: 3600, description: 'seconds of the throughput run' },
  sequential: { kind: 'integer', default: 1000, min: 1, max: 1_000_000, description: 'submits of the one-client latency run' },
  jobs: { kind: 'integer', default: 5000, min: 1, max: 1_000_000, description: 'echo jobs of the end-to-end run' },
  failovers: { kind: 'integer', default: 5, min: 0, max: 100, description: 'leader kills of the failover run' },
  profile: { kind: 'switch', description: 'only the throughput run, under node --cpu-prof; prints where the leader spends its time' },
} as const;

runCommand('npm run bench --', FLAGS, async (flags) => {
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`;
  process.stdout.write(`sched bench on ${machine}\n3 nodes on loopback, --data-dir (SQLite WAL, synchronous=FULL)\n`);
  if (flags.profile) return profileRun(flags.clients, flags.duration);

  // Submit path only: --worker-slots 0, so no job runs and takes CPU from Raft.
  const writes = await ProcessCluster.create({ size: 3, flags: ['--worker-slots', '0'] });
  const urls = new Map(writes.ids.map((id) => [id, writes.url(id)]));
  const client = new ClusterClient({ urls, callTimeoutMs: 5000 });
  let throughput, sequential, cpu;
  const failovers = [];
  try {
    writes.startAll();
    await waitForLeader(client, writes.ids, 30_000);
    // Nothing runs here, so the table fills up: each phase starts from an empty queue and
    // the throughput run stops, and says so, if it reaches the 10,000 active-job capacity.
    await runSubmitLoad({ urls, clients: 16, submits: 500, command: () => 'echo warm-up' });
    await cancelPending(client);
    progress(`throughput: ${flags.clients} clients for ${flags.duration} s`);
    const leader = await waitForLeader(client, writes.ids, 30_000);
    const cpuBefore = cpuByProcess(writes, leader);
    throughput = await runSubmitLoad({ urls, clients: flags.clients, durationMs: flags.duration * 1000, command: (k) => `echo ${k}`, retryAtCapacity: false });
    cpu = cpuShares(cpuBefore, cpuByProcess(writes, leader), throughput.elapsedMs);
    progress(`clearing the queue: ${await cancelPending(client)} pending jobs cancelled`);
    progress(`sequential: ${flags.sequential} submits from 1 client`);
    sequential = await runSubmitLoad({ urls, clients: 1, submits: flags.sequential, command: (k) => `echo ${k}`, retryAtCapacity: false });
    await cancelPending(client);
    for (let k = 1; k <= flags.failovers; k++) {
      progress(`failover ${k} of ${flags.failovers}`);
      failovers.push(await measureFailover(writes, client));
    }
  } finally {
    client.close();
    await writes.destroy();
  }

  progress(`end-to-end: ${flags.jobs} echo jobs from ${flags.clients} clients`);
  const runs = await ProcessCluster.create({ size: 3, flags: [] });
  let endToEnd, executor;
  try {
    runs.startAll();
    const probe = new ClusterClient({ urls: new Map(runs.ids.map((id) => [id, runs.url(id)])), callTimeoutMs: 5000 });
    await waitForLeader(probe, runs.ids, 30_000).finally(() => probe.close());
    executor = selectedExecutor(runs.logPath(1));
    endToEnd = await runEndToEnd(new Map(runs.ids.map((id) => [id, runs.url(id)])), flags.jobs, flags.clients, 30 * 60_000);
  } finally {
    await runs.destroy();
  }

  const { submitToComplete, ...endToEndTotals } = endToEnd;
  const tput = summarize(throughput.latenciesMs);
  const seq = summarize(sequential.latenciesMs);
  const result = {
    machine,
    throughput: { clients: flags.clients, seconds: flags.duration, stoppedAtCapacity: throughput.stoppedAtCapacity, acknowledged: tput.count, failed: throughput.failures, perSecond: perSecond(tput.count, throughput.elapsedMs), p50Ms: tput.p50, p99Ms: tput.p99, cpuCores: cpu },
    sequential: { submits: seq.count, failed: sequential.failures, perSecond: perSecond(seq.count, sequential.elapsedMs), p50Ms: seq.p50, p99Ms: seq.p99 },
    endToEnd: { executor, ...endToEndTotals, p50Ms: submitToComplete.p50, p99Ms: submitToComplete.p99 },
    failover: { samplesMs: failovers.map((f) => f.ms), medianMs: failovers.length === 0 ? null : median(failovers.map((f) => f.ms)) },
  };
  const rows = [
    ['submit throughput', `${flags.clients} clients, ${throughput.stoppedAtCapacity ? `${(throughput.elapsedMs / 1000).toFixed(1)} s (table full)` : `${flags.duration} s`}`, `${result.throughput.perSecond} submits/s`, `p50 ${tput.p50} ms, p99 ${tput.p99} ms`],
    ['submit latency', `1 client, ${seq.count} submits`, `${result.sequential.perSecond} submits/s`, `p50 ${seq.p50} ms, p99 ${seq.p99} ms`],
    ['end-to-end', `${flags.jobs} x echo hello (${executor})`, `${endToEnd.jobsPerSecond} jobs/s`, `p50 ${submitToComplete.p50} ms, p99 ${submitToComplete.p99} ms submit-to-complete`],
    ['failover', `kill -9 leader, ${failovers.length} times`, `median ${result.failover.medianMs ?? '-'} ms`, `samples ${failovers.map((f) => f.ms).join(', ')} ms`],
  ];
  const cpuLine = Object.entries(cpu).map(([name, cores]) => `${name} ${cores}`).join(', ');
  process.stdout.write(`${table(['run', 'shape', 'rate', 'latency'], rows)}\nCPU during the throughput run, in cores: ${cpuLine}\n${JSON.stringify(result)}\n`);
  const failed = throughput.failures + sequential.failures + endToEnd.failed;
  return failed === 0 && !sequential.stoppedAtCapacity ? 0 : 1;
});

/** The throughput run with every node under --cpu-prof; summarizes the leader's profile. */
async function profileRun(clients: number, seconds: number): Promise<number> {
  const profileDir = (root: string, id: number) => join(root, 'profiles', `node${id}`);
  const cluster = await ProcessCluster.create({
    size: 3,
    flags: ['--worker-slots', '0'],
    nodeOptions: (id, root) => ['--cpu-prof', `--cpu-prof-dir=${profileDir(root, id)}`],
  });
  const urls = new Map(cluster.ids.map((id) => [id, cluster.url(id)]));
  const client = new ClusterClient({ urls, callTimeoutMs: 5000 });
  try {
    cluster.startAll();
    const leader = await waitForLeader(client, cluster.ids, 30_000);
    await runSubmitLoad({ urls, clients: 16, submits: 500, command: () => 'echo warm-up' });
    await cancelPending(client);
    const load = await runSubmitLoad({ urls, clients, durationMs: seconds * 1000, command: (k) => `echo ${k}`, retryAtCapacity: false });
    const s = summarize(load.latenciesMs);
    const full = load.stoppedAtCapacity ? ` (stopped after ${(load.elapsedMs / 1000).toFixed(1)} s: table full)` : '';
    process.stdout.write(`under the profiler: ${perSecond(s.count, load.elapsedMs)} submits/s, p50 ${s.p50} ms, p99 ${s.p99} ms${full}; leader node ${leader}\n`);
    await cluster.stopAll('SIGTERM');
    const dir = profileDir(cluster.root, leader);
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`the leader wrote no profile in ${dir}`);
    const profile = summarizeProfile(join(dir, file));
    const shares = (list: { name: string; percent: number }[]) => list.map((p) => [`${p.percent}%`, p.name]);
    process.stdout.write(`leader self time over ${profile.seconds.toFixed(1)} s, by layer:\n${table(['share', 'layer'], shares(profile.byLayer))}\n`);
    process.stdout.write(`top functions:\n${table(['share', 'function'], shares(profile.topFunctions))}\n`);
    process.stdout.write(`profile: ${join(dir, file)} (open it in Chrome DevTools)\n`);
    return 0;
  } finally {
    client.close();
    await cluster.destroy(true);
  }
}

/** CPU seconds used so far by each node (the leader named so) and by this load generator. */
function cpuByProcess(cluster: ProcessCluster, leader: number): Record<string, number> {
  const usage = process.cpuUsage();
  const cpu: Record<string, number> = { 'bench clients': (usage.user + usage.system) / 1e6 };
  for (const id of cluster.ids) cpu[id === leader ? `node ${id} (leader)` : `node ${id}`] = cluster.node(id)?.cpuSeconds() ?? 0;
  return cpu;
}

/** Cores each process kept busy between two readings `ms` apart. */
function cpuShares(before: Record<string, number>, after: Record<string, number>, ms: number): Record<string, number> {
  return Object.fromEntries(Object.keys(after).map((name) => [name, Math.round(((after[name]! - (before[name] ?? 0)) / (ms / 1000)) * 100) / 100]));
}

function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

function progress(line: string): void {
  process.stderr.write(`... ${line}\n`);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) => cells.map((c, k) => c.padEnd(widths[k]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
