// `npm run chaos -- --duration 120 [--seed S]`: real node processes under a seeded fault
// schedule while clients submit, cancel and read; then heal and check (checks.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterClient } from '../harness/cluster-client';
import { waitForLeader } from '../harness/cluster-status';
import { runCommand } from '../harness/command-args';
import { ProcessCluster } from '../harness/process-cluster';
import { checkRun } from './checks';
import { FaultRunner } from './fault-runner';
import { History } from './history';
import { ChaosNetwork } from './network';
import { faultSchedule } from './schedule';
import { runWorkload } from './workload';

const FLAGS = {
  duration: { kind: 'integer', default: 120, min: 10, max: 86_400, description: 'seconds of faults and load' },
  seed: { kind: 'integer', default: 0, min: 0, max: 2 ** 32 - 1, description: 'fault schedule and workload seed; 0 draws one' },
  clients: { kind: 'integer', default: 4, min: 1, max: 64, description: 'concurrent clients' },
  keep: { kind: 'switch', description: 'keep the data directories, logs and history even when every check passes' },
} as const;

/**
 * Node settings: jobs run on exec (their side-effect files must be visible here), worker
 * loss is detected within 2.5 s so requeues and fences happen within a fault, and a SIGTERM
 * gives running jobs 3 s.
 */
const NODE_FLAGS = ['--executor', 'exec', '--worker-slots', '4', '--worker-heartbeat-ms', '500', '--worker-liveness-ms', '2500', '--shutdown-grace-ms', '3000'];

runCommand('npm run chaos --', FLAGS, async (flags) => {
  const seed = flags.seed === 0 ? 1 + Math.floor(Math.random() * (2 ** 32 - 2)) : flags.seed;
  const replay = `npm run chaos -- --duration ${flags.duration} --seed ${seed} --clients ${flags.clients}`;
  const root = mkdtempSync(join(tmpdir(), 'sched-chaos-'));
  const effectsDir = join(root, 'effects');
  mkdirSync(effectsDir);
  const say = (line: string) => process.stdout.write(`${line}\n`);

  const schedule = faultSchedule(seed, flags.duration * 1000, 3);
  say(`chaos seed ${seed}: ${flags.duration} s, 3 nodes, ${flags.clients} clients, ${schedule.length} faults; state in ${root}`);
  let network: ChaosNetwork | undefined;
  const cluster = await ProcessCluster.create({ size: 3, root, flags: NODE_FLAGS, peerAddress: (from, to) => network!.address(from, to) });
  network = await ChaosNetwork.start(cluster.ids, cluster.ports);
  const urls = new Map(cluster.ids.map((id) => [id, cluster.url(id)]));
  const client = new ClusterClient({ urls, callTimeoutMs: 2000 });
  const history = new History();
  const runner = new FaultRunner(cluster, network, client, (line) => say(`  ${line}`));
  let failed = true;
  try {
    cluster.startAll();
    await waitForLeader(client, cluster.ids, 30_000);
    const startMs = Date.now();
    await Promise.all([runner.run(schedule, startMs), runWorkload({ urls, effectsDir, clients: flags.clients, seed, history }, startMs + flags.duration * 1000)]);
    say(`healing at ${((Date.now() - startMs) / 1000).toFixed(1)}s; ${JSON.stringify(history.tally())}`);
    await runner.heal();
    const healedMs = Date.now();
    await waitForLeader(client, cluster.ids, 60_000);
    const result = await checkRun(client, cluster.ids, history, effectsDir, (command) => new RegExp(`${effectsDir}/(c\\d+-\\d+)`).exec(command)?.[1]);
    say(`checked in ${((Date.now() - healedMs) / 1000).toFixed(1)} s: ${result.jobs} jobs ${JSON.stringify(result.statuses)}, ${history.acknowledged.size} acknowledged submits, ${result.runs} runs`);
    const summary = { seed, durationS: flags.duration, faults: runner.applied.length, ...history.tally(), acknowledged: history.acknowledged.size, jobs: result.jobs, runs: result.runs, violations: result.violations.length };
    failed = result.violations.length > 0;
    if (failed) {
      for (const v of result.violations.slice(0, 50)) say(`VIOLATION ${v}`);
      if (result.violations.length > 50) say(`... and ${result.violations.length - 50} more`);
      say(`FAIL seed ${seed}: ${result.violations.length} violations. Replay the schedule: ${replay}`);
    } else {
      say(`PASS seed ${seed}: every acknowledged submit on every node, identical tables, every job terminal, no job with two live runs`);
    }
    say(JSON.stringify(summary));
    return failed ? 1 : 0;
  } catch (error) {
    say(`FAIL seed ${seed}: ${error instanceof Error ? error.message : String(error)}. Replay the schedule: ${replay}`);
    return 1;
  } finally {
    writeFileSync(join(root, 'history.jsonl'), history.operations.map((o) => JSON.stringify(o)).join('\n'));
    writeFileSync(join(root, 'faults.txt'), runner.applied.map((f) => `${f.atMs} ${f.durationMs} ${f.description}`).join('\n'));
    client.close();
    await cluster.stopAll('SIGKILL');
    await network.close();
    if (failed || flags.keep) say(`kept for inspection: ${root} (node logs, history.jsonl, faults.txt, effects/)`);
    else rmSync(root, { recursive: true, force: true });
  }
});
