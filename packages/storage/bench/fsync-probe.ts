// `npm run fsync-probe -w @sched/storage`: counts the fsync/fdatasync calls each store
// write makes, by running itself under `strace -f` (apt-get install strace). Around each
// write the traced process calls access("/sched-fsync-probe/<label>"), a marker that
// strace records in order with the syncs; the parent counts the syncs between markers.
import { spawnSync } from 'node:child_process';
import { accessSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteOutputStore, SqliteStorage } from '@sched/storage';
import { makeTempDir, removeDir } from '../src/temp-dir.test-util';
import { tsNodeArgs } from '../src/ts-child.test-util';
import { makeEntries, payload } from './bench-util';

const MARK = '/sched-fsync-probe/';
const REPEATS = 30;

function mark(label: string): void {
  try {
    accessSync(MARK + label);
  } catch {
    // The path does not exist: the call is only there to be seen by strace.
  }
}

/** The traced side: each write between a "begin" and an "end" marker. */
function probe(dir: string): void {
  const s = SqliteStorage.open(join(dir, 'raft.db'), { voters: [1] });
  const output = SqliteOutputStore.open(join(dir, 'output.db'), 64 * 1024);
  let last = 0;
  for (const [batch, size] of [[1, 100], [10, 100], [100, 100], [1000, 100], [1000, 1024]] as const) {
    const data = payload(size);
    for (let i = 0; i < REPEATS; i++) {
      mark(`begin save: batch of ${batch} x ${size} B`);
      s.save({ entries: makeEntries(last + 1, batch, 1, data), hardState: { term: 1, vote: 1, commit: last }, snapshot: undefined });
      mark('end');
      last += batch;
    }
  }
  mark('begin createSnapshot');
  s.createSnapshot(last, payload(100));
  mark('end');
  mark('begin compact');
  s.compact(last);
  mark('end');
  for (let i = 0; i < REPEATS; i++) {
    mark('begin output append (under the cap)');
    output.append('job', 1, 'stdout', payload(1000));
    mark('end');
  }
  for (let i = 0; i < REPEATS; i++) {
    mark('begin output append (stream already truncated)');
    output.append('job', 1, 'stdout', payload(64 * 1024));
    mark('end');
  }
  output.close();
  s.close();
}

/** label → sync calls of each write with that label. */
function countSyncs(trace: string): Map<string, number[]> {
  const counts = new Map<string, number[]>();
  let open: { label: string; syncs: number } | undefined;
  for (const line of trace.split('\n')) {
    const marker = line.indexOf(MARK);
    if (marker >= 0) {
      const label = line.slice(marker + MARK.length, line.indexOf('"', marker));
      if (label.startsWith('begin ')) open = { label: label.slice(6), syncs: 0 };
      else if (open !== undefined) {
        counts.set(open.label, [...(counts.get(open.label) ?? []), open.syncs]);
        open = undefined;
      }
    } else if (open !== undefined && /\b(fsync|fdatasync)\(/.test(line)) {
      open.syncs++;
    }
  }
  return counts;
}

function histogram(counts: readonly number[]): string {
  const by = new Map<number, number>();
  for (const c of counts) by.set(c, (by.get(c) ?? 0) + 1);
  return [...by.entries()].sort(([a], [b]) => a - b).map(([syncs, n]) => `${n}× ${syncs}`).join(', ');
}

const [mode, dirArg] = process.argv.slice(2);
if (mode === '--traced') {
  probe(dirArg!);
} else {
  const dir = makeTempDir('sched-fsync-');
  const traceFile = join(dir, 'trace.txt');
  const traced = spawnSync(
    'strace',
    ['-f', '-qq', '-o', traceFile, '-e', 'trace=fsync,fdatasync,access,faccessat,faccessat2', process.execPath, ...tsNodeArgs(__filename, ['--traced', dir])],
    { stdio: 'inherit' },
  );
  if (traced.error !== undefined || traced.status !== 0) {
    console.error(`strace failed (${traced.error?.message ?? `exit ${traced.status}`}); is it installed? apt-get install strace`);
    process.exitCode = 1;
  } else {
    console.log('| write | fsync/fdatasync calls per write (count × calls) |');
    console.log('|---|---|');
    for (const [label, counts] of countSyncs(readFileSync(traceFile, 'utf8'))) console.log(`| ${label} | ${histogram(counts)} |`);
  }
  removeDir(dir);
}
