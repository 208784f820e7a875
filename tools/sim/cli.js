#!/usr/bin/env node
// @ts-check
// `npm run sim -- [--seeds N] [--first S] [--nodes 3,5] [--seed S] [--faults k,...] [--workers W]`
// Runs the seeded whole-cluster Raft simulation of @sched/raft/testing over many seeds (in
// worker threads) or replays one seed with its trace. Exits 1 on any violation, printing
// each failing seed, its violations, the trace leading to the first one and the replay
// command; exits 2 on bad arguments.
'use strict';
const os = require('node:os');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { parseSimArgs, UsageError } = require('./args');

function main() {
  let args;
  try {
    args = parseSimArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`Error: ${err.message}\n${UsageError.usage}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${UsageError.usage}\n`);
    return;
  }
  if (args.seed !== undefined) return replay(args);
  return sweep(args);
}

/** Replays one seed for each cluster size and prints its whole trace tail. */
function replay(args) {
  const { runSimulation } = require('@sched/raft/testing');
  let failed = false;
  for (const nodes of args.nodes) {
    const result = runSimulation({ seed: args.seed, nodes, faults: args.faults, traceLength: args.traceLength });
    process.stdout.write(`seed ${args.seed}, ${nodes} nodes: ${result.violations.length === 0 ? 'ok' : 'VIOLATION'} ${JSON.stringify(result.stats)}\n`);
    for (const v of result.violations) process.stdout.write(`  violation: ${v}\n`);
    if (args.printTrace || result.violations.length > 0) process.stdout.write(`${result.trace.map((l) => `  ${l}`).join('\n')}\n`);
    failed ||= result.violations.length > 0;
  }
  process.exitCode = failed ? 1 : 0;
}

/** Runs seeds [first, first + seeds) on every cluster size, spread over worker threads. */
async function sweep(args) {
  const started = process.hrtime.bigint();
  const jobs = [];
  for (const nodes of args.nodes) jobs.push({ nodes, first: args.first, count: args.seeds });
  const workers = Math.max(1, Math.min(args.workers ?? os.availableParallelism(), args.seeds));
  const slices = [];
  for (const job of jobs) {
    const per = Math.ceil(job.count / workers);
    for (let w = 0; w < workers; w++) {
      const first = job.first + w * per;
      const count = Math.min(per, job.first + job.count - first);
      if (count > 0) slices.push({ nodes: job.nodes, first, count });
    }
  }
  const failures = [];
  let runs = 0;
  await runPool(slices, workers, args, (report) => {
    runs += report.runs;
    failures.push(...report.failures);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  failures.sort((a, b) => a.nodes - b.nodes || a.seed - b.seed);
  for (const f of failures.slice(0, 5)) {
    process.stdout.write(`\nVIOLATION seed ${f.seed}, ${f.nodes} nodes:\n${f.violations.map((v) => `  ${v}`).join('\n')}\n`);
    process.stdout.write(`  last events:\n${f.trace.slice(-40).map((l) => `    ${l}`).join('\n')}\n`);
    process.stdout.write(`  replay: npm run sim -- --seed ${f.seed} --nodes ${f.nodes}${args.faultsFlag}\n`);
  }
  const seeds = `${args.first}..${args.first + args.seeds - 1}`;
  process.stdout.write(
    `\nsimulated ${runs} runs (seeds ${seeds} × nodes ${args.nodes.join(',')}), ` +
      `${failures.length} with violations, ${seconds.toFixed(1)} s wall on ${workers} worker(s)\n`,
  );
  process.exitCode = failures.length === 0 ? 0 : 1;
}

function runPool(slices, workers, args, onReport) {
  return new Promise((resolve, reject) => {
    let next = 0;
    let active = 0;
    const launch = () => {
      if (next >= slices.length) {
        if (active === 0) resolve(undefined);
        return;
      }
      const slice = slices[next++];
      active++;
      const worker = new Worker(path.join(__dirname, 'worker.js'), { workerData: { ...slice, faults: args.faults } });
      worker.once('message', onReport);
      worker.once('error', reject);
      worker.once('exit', () => {
        active--;
        launch();
      });
    };
    for (let w = 0; w < workers; w++) launch();
  });
}

main();
