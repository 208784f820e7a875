#!/usr/bin/env node
// @ts-check
// `npm start`: a local three-node sched cluster on this machine, on embedded defaults:
// gRPC on 127.0.0.1:50051-50053, the dashboard and REST API of node N on 127.0.0.1:808N,
// state under .sched/nodeN in the repository (git-ignored), so a restart keeps the jobs.
// Ctrl-C (or SIGTERM) stops every node gracefully. Node logs go to stderr with a [nodeN]
// prefix. SCHED_DEV_GRPC_PORT, SCHED_DEV_DASHBOARD_PORT (first ports) and SCHED_DEV_DATA_DIR
// override the defaults (the start-up test uses them).
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

const SIZE = 3;
const BASE_PORT = portFromEnv('SCHED_DEV_GRPC_PORT', 50051);
const DASHBOARD_BASE_PORT = portFromEnv('SCHED_DEV_DASHBOARD_PORT', 8081);
const DATA_DIR = process.env['SCHED_DEV_DATA_DIR'] || path.join(__dirname, '..', '.sched');
const bin = path.join(__dirname, '..', 'apps', 'node', 'bin', 'sched.js');

function portFromEnv(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535 - SIZE) {
    process.stderr.write(`Error: ${name} must be a port from 1 to ${65535 - SIZE}, got '${text}'\n`);
    process.exit(2);
  }
  return port;
}
const address = (id) => `127.0.0.1:${BASE_PORT + id - 1}`;

const children = [];
for (let id = 1; id <= SIZE; id++) {
  const peers = [];
  for (let other = 1; other <= SIZE; other++) if (other !== id) peers.push(`${other}:${address(other)}`);
  const args = [bin, 'server', '--node-id', String(id), '--port', String(BASE_PORT + id - 1), '--listen-host', '127.0.0.1', '--peers', peers.join(',')];
  args.push('--dashboard-port', String(DASHBOARD_BASE_PORT + id - 1), '--data-dir', path.join(DATA_DIR, `node${id}`));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'pipe'] });
  child.stderr.setEncoding('utf8');
  let partial = '';
  child.stderr.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) process.stderr.write(`[node${id}] ${line}\n`);
  });
  child.on('exit', (code, signal) => {
    process.stderr.write(`[node${id}] exited (${signal ?? code})\n`);
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(0);
  });
  children.push(child);
}

process.stdout.write(
  [
    `sched: ${SIZE} nodes starting on ${Array.from({ length: SIZE }, (_, k) => address(k + 1)).join(', ')}`,
    `dashboard: http://127.0.0.1:${DASHBOARD_BASE_PORT} (and :${DASHBOARD_BASE_PORT + 1}, :${DASHBOARD_BASE_PORT + 2})`,
    `state:     ${DATA_DIR} (delete it to start afresh)`,
    'executor:  each node logs "Worker executor selected" (sandbox with bubblewrap, else none)',
    'try:       npx sched cluster status',
    '           npx sched job submit "echo hello"',
    '           npx sched job list',
    'Ctrl-C stops the cluster.',
    '',
  ].join('\n'),
);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  });
}
