// @ts-check
// Runs one slice of seeds for cli.js and posts {runs, failures}.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { runSimulation } = require('@sched/raft/testing');

const { nodes, first, count, faults } = workerData;
const failures = [];
for (let seed = first; seed < first + count; seed++) {
  const result = runSimulation({ seed, nodes, faults });
  if (result.violations.length > 0) failures.push({ seed, nodes, violations: result.violations, trace: result.trace });
}
parentPort?.postMessage({ runs: count, failures });
