// `npm run bench:storage [-- --seconds S --repeat R --dir D]`: append throughput of
// SqliteStorage with batches of 1, 10, 100 and 1000 entries of 100 B and 1 KiB (each case
// run R times on a fresh log; the median run is shown, with the range of entries/s), the
// fsync floor of the disk under the data dir, read and recovery speed. Prints markdown for
// docs/benchmarks.md.
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteStorage } from '@sched/storage';
import { makeTempDir, removeDir } from '../src/temp-dir.test-util';
import { format, makeEntries, payload, percentile } from './bench-util';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '1' }, repeat: { type: 'string', default: '3' }, dir: { type: 'string', default: tmpdir() } },
});
const seconds = Number(values.seconds);
const repeat = Number(values.repeat);
const CONF = { voters: [1, 2, 3] };
/** Like a node, the bench snapshots and compacts so that the log (and memory) stays bounded. */
const COMPACT_EVERY = 100_000;

function withLog<T>(fn: (s: SqliteStorage, dir: string) => T): T {
  const dir = makeTempDir('sched-bench-', values.dir);
  const s = SqliteStorage.open(join(dir, 'raft.db'), CONF);
  try {
    return fn(s, dir);
  } finally {
    s.close();
    removeDir(dir);
  }
}

/**
 * Appends batches for `seconds` of save time, each with the hard state's commit moved, as
 * Raft does. The snapshot + compaction every COMPACT_EVERY entries is timed apart.
 */
function appendCase(batch: number, size: number) {
  return withLog((s) => {
    const data = payload(size);
    let last = 0;
    let compacted = 0;
    const compactions: number[] = [];
    const save = () => {
      s.save({ entries: makeEntries(last + 1, batch, 1, data), hardState: { term: 1, vote: 1, commit: last }, snapshot: undefined });
      last += batch;
    };
    for (let i = 0; i < 20; i++) save(); // warm-up
    const latencies: number[] = [];
    let elapsed = 0;
    while (elapsed < seconds * 1e3) {
      const t = process.hrtime.bigint();
      save();
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      latencies.push(ms);
      elapsed += ms;
      if (last - compacted >= COMPACT_EVERY) {
        const c = process.hrtime.bigint();
        s.createSnapshot(last, data);
        s.compact(last);
        compactions.push(Number(process.hrtime.bigint() - c) / 1e6);
        compacted = last;
      }
    }
    latencies.sort((a, b) => a - b);
    const perS = (n: number) => n / (elapsed / 1e3);
    return {
      txPerS: perS(latencies.length),
      entriesPerS: perS(latencies.length * batch),
      mbPerS: perS(latencies.length * batch * size) / 1e6,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      compactionMs: compactions.length === 0 ? undefined : Math.max(...compactions),
    };
  });
}

/** 4 KiB write + fdatasync on a plain file next to the logs: the floor under any commit. */
function fsyncFloor() {
  const dir = makeTempDir('sched-bench-', values.dir);
  const fd = openSync(join(dir, 'probe'), 'w');
  const block = Buffer.alloc(4096, 1);
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    writeSync(fd, block, 0, block.length, (i % 256) * 4096);
    const t = process.hrtime.bigint();
    fdatasyncSync(fd);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  closeSync(fd);
  removeDir(dir);
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** Reads served by the in-memory image, and reopening (recovering) a log of 100k entries. */
function readsAndRecovery() {
  return withLog((s, dir) => {
    const data = payload(100);
    for (let i = 0; i < 100; i++) s.save({ entries: makeEntries(i * 1000 + 1, 1000, 1, data), hardState: undefined, snapshot: undefined });
    const n = 1_000_000;
    let t = process.hrtime.bigint();
    let sum = 0;
    for (let i = 0; i < n; i++) sum += s.term(1 + ((i * 7919) % 100_000)) ?? 0;
    const termPerS = n / (Number(process.hrtime.bigint() - t) / 1e9);
    t = process.hrtime.bigint();
    for (let i = 0; i < 10_000; i++) sum += s.entries(1 + ((i * 7919) % 99_000), 100_000, 64 * 1024).length;
    const readsPerS = 10_000 / (Number(process.hrtime.bigint() - t) / 1e9);
    s.close();
    t = process.hrtime.bigint();
    const reopened = SqliteStorage.open(join(dir, 'raft.db'), CONF);
    const recoveryMs = Number(process.hrtime.bigint() - t) / 1e6;
    reopened.close();
    return { termPerS, readsPerS, recoveryMs, sum };
  });
}

console.log(`storage bench: ${repeat} × ${seconds} s per case, logs under ${values.dir}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`);
const floor = fsyncFloor();
console.log(`fdatasync of a 4 KiB write: p50 ${format(floor.p50)} ms, p99 ${format(floor.p99)} ms\n`);
console.log('| entry size | entries per batch | entries/s | (range) | transactions/s | MB/s | save p50 (ms) | save p99 (ms) | snapshot+compact of 100k (ms) |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const size of [100, 1024]) {
  for (const batch of [1, 10, 100, 1000]) {
    const runs = Array.from({ length: repeat }, () => appendCase(batch, size)).sort((a, b) => a.entriesPerS - b.entriesPerS);
    const r = runs[Math.floor(runs.length / 2)]!;
    const range = `${format(runs[0]!.entriesPerS)}–${format(runs[runs.length - 1]!.entriesPerS)}`;
    const compaction = r.compactionMs === undefined ? '–' : format(r.compactionMs);
    console.log(`| ${size === 100 ? '100 B' : '1 KiB'} | ${batch} | ${format(r.entriesPerS)} | ${range} | ${format(r.txPerS)} | ${format(r.mbPerS)} | ${format(r.p50)} | ${format(r.p99)} | ${compaction} |`);
  }
}
const reads = readsAndRecovery();
console.log(`\nreads (100k entries of 100 B): term(i) ${format(reads.termPerS)}/s; entries(lo, hi, 64 KiB) ${format(reads.readsPerS)}/s`);
console.log(`recovery: reopening that log took ${format(reads.recoveryMs)} ms`);
