/**
 * The program of the lease keeper (lease-keeper.ts), run as `node -e` so that it needs no
 * file of its own in src/ or dist/. argv: the node's pid, the check period in ms.
 *
 * stdin carries one number per line: the lease deadline, in ms of CLOCK_MONOTONIC
 * (process.hrtime), shared by every process of the machine. It lists the process groups led
 * by direct children of the node (the jobs: executors spawn them detached) every 500 ms,
 * and every check period once the deadline has passed, when it SIGKILLs each of them. When stdin ends
 * (the node exited or was killed), or it finds itself orphaned, it kills the groups it last
 * saw and exits.
 */
export const LEASE_KEEPER_SOURCE = String.raw`
'use strict';
const fs = require('node:fs');
const nodePid = Number(process.argv[1]);
const checkMs = Number(process.argv[2]);
const nowMs = () => Number(process.hrtime.bigint() / 1000000n);
let deadlineMs = -Infinity;
let groups = [];
function jobGroups() {
  const found = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let stat;
    try { stat = fs.readFileSync('/proc/' + entry + '/stat', 'utf8'); } catch { continue; }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) === nodePid && Number(fields[2]) === Number(entry)) found.push(Number(entry));
  }
  return found;
}
function killAll() {
  for (const group of groups) { try { process.kill(-group, 'SIGKILL'); } catch {} }
}
let partial = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  const lines = (partial + chunk).split('\n');
  partial = lines.pop();
  for (const line of lines) { const value = Number(line); if (line !== '' && Number.isFinite(value)) deadlineMs = value; }
});
function nodeGone() { killAll(); process.exit(0); }
process.stdin.on('end', nodeGone);
// Listing the groups reads /proc: every REFRESH_MS while the lease holds (for the node's
// death), every check once it has run out.
const REFRESH_MS = 500;
let listedAtMs = -Infinity;
setInterval(() => {
  // Orphaned: the node died, its jobs now have another parent; kill the ones seen last.
  if (process.ppid !== nodePid) return nodeGone();
  const expired = nowMs() >= deadlineMs;
  if (expired || nowMs() - listedAtMs >= REFRESH_MS) { groups = jobGroups(); listedAtMs = nowMs(); }
  if (expired && groups.length > 0) { killAll(); groups = []; }
}, checkMs);
`;
