import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Code, ConnectError } from '@connectrpc/connect';
import { layerOf } from '../bench/cpu-profile';
import { isAtCapacity, isRetryable } from '../harness/cluster-client';
import { parseFlags, usage } from '../harness/command-args';
import { selectedExecutor } from '../harness/node-log';
import { median, percentile, summarize } from '../harness/stats';

describe('latency statistics (nearest rank)', () => {
  it('takes the nearest-rank percentile of a sorted sample', () => {
    const sample = Array.from({ length: 100 }, (_, k) => k + 1);
    expect(percentile(sample, 50)).toBe(50);
    expect(percentile(sample, 99)).toBe(99);
    expect(percentile(sample, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('summarizes an unsorted sample and refuses an empty one', () => {
    expect(summarize([5, 1, 3, 2, 4])).toEqual({ count: 5, p50: 3, p99: 5, max: 5 });
    expect(median([9, 1, 5])).toBe(5);
    expect(() => percentile([], 50)).toThrow('empty');
  });
});

describe('command flags', () => {
  const spec = {
    duration: { kind: 'integer', default: 10, min: 1, max: 3600, description: 'seconds' },
    keep: { kind: 'switch', description: 'keep the data' },
  } as const;

  it('applies defaults and parses given values', () => {
    expect(parseFlags([], spec)).toEqual({ duration: 10, keep: false, help: false });
    expect(parseFlags(['--duration', '30', '--keep'], spec)).toEqual({ duration: 30, keep: true, help: false });
    expect(parseFlags(['--duration=5'], spec).duration).toBe(5);
  });

  it.each([
    [['--duration', '0'], "--duration: expected an integer from 1 to 3600, got '0'"],
    [['--duration', '1.5'], "--duration: expected an integer from 1 to 3600, got '1.5'"],
    [['--duration=-3'], "--duration: expected an integer from 1 to 3600, got '-3'"],
    [['--duration', '-3'], "argument is ambiguous"],
    [['--duration', '99999999999999999999'], 'got'],
    [['--duration', ''], "got ''"],
    [['--durations', '3'], "Unknown option '--durations'"],
    [['extra'], "Unexpected argument 'extra'"],
    [['--duration'], "Option '--duration <value>' argument missing"],
  ])('refuses %j', (argv, message) => {
    expect(() => parseFlags(argv, spec)).toThrow(message);
  });

  it('lists every flag with its default in the usage', () => {
    expect(usage('npm run x --', spec)).toBe(
      ['Usage: npm run x -- [flags]', '  --duration N          seconds (default 10)', '  --keep                keep the data', '  --help                this text'].join('\n'),
    );
  });
});

describe('profile layers', () => {
  it.each([
    ['file:///w/packages/raft/dist/raw-node.js', 'step', '@sched/raft'],
    ['file:///w/apps/node/dist/raft/raft-driver.js', 'run', '@sched/node'],
    ['file:///w/node_modules/@connectrpc/connect/dist/cjs/x.js', 'f', '@connectrpc'],
    ['file:///w/node_modules/better-sqlite3/lib/methods/transaction.js', 'f', 'better-sqlite3'],
    ['node:internal/http2/core', 'request', 'node:internal'],
    ['', '(garbage collector)', '(garbage collector)'],
    ['', 'writeSync', '(native)'],
  ])('puts %s in its layer', (url, fn, layer) => {
    expect(layerOf(url, fn)).toBe(layer);
  });
});

describe('node logs', () => {
  it('reads the executor a node selected, ignoring lines cut short by kill -9', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sched-log-'));
    try {
      const path = join(dir, 'node1.log');
      const record = { ts: 't', level: 'info', msg: 'Worker executor selected', executor: 'sandbox' };
      writeFileSync(path, `${JSON.stringify(record)}\nnot json\n{"msg":"Worker exec`);
      expect(selectedExecutor(path)).toBe('sandbox');
      expect(selectedExecutor(join(dir, 'missing.log'))).toBe('none');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('which failures a cluster client retries', () => {
  it.each([
    [Code.FailedPrecondition, 'Not the leader. Try 127.0.0.1:50052', true],
    [Code.FailedPrecondition, 'Not the leader. Leader unknown, retry later', true],
    [Code.FailedPrecondition, 'Job already finished', false],
    [Code.Unavailable, 'connect ECONNREFUSED', true],
    [Code.Aborted, 'read ECONNRESET', true],
    [Code.DeadlineExceeded, 'Raft did not commit the entry in time', true],
    [Code.ResourceExhausted, 'Server is overloaded; retry with backoff', true],
    [Code.InvalidArgument, 'Command cannot be empty', false],
    [Code.NotFound, 'job not found', false],
  ])('code %s %j: %s', (code, message, retryable) => {
    expect(isRetryable(new ConnectError(message, code))).toBe(retryable);
  });

  it('tells the full table (retried: finishing jobs free room) from an overloaded leader', () => {
    const full = new ConnectError('Job queue is at capacity', Code.ResourceExhausted);
    expect([isRetryable(full), isAtCapacity(full)]).toEqual([true, true]);
    const overloaded = new ConnectError('Server is overloaded; retry with backoff', Code.ResourceExhausted);
    expect([isRetryable(overloaded), isAtCapacity(overloaded)]).toEqual([true, false]);
  });
});
