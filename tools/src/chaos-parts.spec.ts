import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinkProxy } from '../chaos/link-proxy';
import { Random } from '../chaos/random';
import { faultSchedule } from '../chaos/schedule';
import { jobScript, overlappingRuns, readRuns } from '../chaos/side-effects';

describe('the fault schedule', () => {
  it('is a function of the seed and the duration alone', () => {
    expect(faultSchedule(42, 120_000, 3)).toEqual(faultSchedule(42, 120_000, 3));
    expect(faultSchedule(42, 120_000, 3)).not.toEqual(faultSchedule(43, 120_000, 3));
  });

  it('keeps faults apart and inside the run, leaving the last 2 s calm', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const schedule = faultSchedule(seed, 30_000, 3);
      expect(schedule.length).toBeGreaterThan(0);
      let previousEnd = 0;
      for (const { atMs, durationMs, fault } of schedule) {
        expect(atMs).toBeGreaterThanOrEqual(previousEnd + (previousEnd === 0 ? 1000 : 200));
        expect(atMs + durationMs).toBeLessThanOrEqual(28_000);
        previousEnd = atMs + durationMs;
        if (fault.kind === 'one-way') expect(fault.from).not.toBe(fault.to);
        if (fault.kind === 'kill-majority') expect(fault.targets[0]).not.toBe(fault.targets[1]);
      }
    }
  });

  it('draws every kind of fault over enough seeds', () => {
    const kinds = new Set<string>();
    for (let seed = 1; seed <= 50; seed++) for (const s of faultSchedule(seed, 120_000, 3)) kinds.add(s.fault.kind);
    expect([...kinds].sort()).toEqual(['isolate', 'kill', 'kill-majority', 'one-way', 'pause', 'restart']);
  });

  it('draws from a PRNG that repeats per seed and stays in range', () => {
    const a = new Random(9);
    const b = new Random(9);
    const draws = Array.from({ length: 1000 }, () => a.int(3, 5));
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b.int(3, 5)));
    expect(new Set(draws)).toEqual(new Set([3, 4, 5]));
  });
});

describe('side-effect records', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sched-effects-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a job script leaves one finished run with its marks', () => {
    execFileSync('/bin/sh', ['-c', jobScript(dir, 'k1', 100)]);
    const runs = readRuns(dir).get('k1')!;
    expect(runs).toHaveLength(1);
    expect(runs[0]!.finished).toBe(true);
    expect(runs[0]!.lastMs - runs[0]!.firstMs).toBeGreaterThanOrEqual(100);
  });

  it('finds runs alive at the same time, and only those', () => {
    const ns = (ms: number) => `${BigInt(ms) * 1_000_000n}`;
    writeFileSync(join(dir, 'k2'), [`B 10 ${ns(1000)}`, `T 10 ${ns(1050)}`, `B 11 ${ns(1040)}`, `E 11 ${ns(1100)}`, `B 12 ${ns(1200)}`, 'garbage', `E 12 ${ns(1300)}`].join('\n'));
    const runs = readRuns(dir).get('k2')!;
    expect(runs.map((r) => [r.pid, r.finished])).toEqual([['10', false], ['11', true], ['12', true]]);
    expect(overlappingRuns(runs).map(([a, b]) => [a.pid, b.pid])).toEqual([['10', '11']]);
  });
});

describe('LinkProxy', () => {
  let echo: Server;
  let port: number;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    echo = createServer((s) => s.on('error', () => undefined).pipe(s));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    port = (echo.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => echo.close(resolve));
  });

  const open = (p: number) => {
    const s = connect(p, '127.0.0.1');
    sockets.push(s);
    s.on('error', () => undefined); // the reset on heal
    s.setEncoding('utf8');
    return s;
  };
  const reply = (s: Socket, text: string, withinMs: number) =>
    new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), withinMs);
      s.once('data', (d: string) => {
        clearTimeout(timer);
        resolve(d);
      });
      s.write(text);
    });

  it('forwards, carries nothing while cut, then resets the connections it held', async () => {
    const proxy = await LinkProxy.start(port);
    try {
      const before = open(proxy.port);
      expect(await reply(before, 'one', 10_000)).toBe('one');
      proxy.setCut(true);
      expect(await reply(before, 'two', 300)).toBeUndefined();
      const during = open(proxy.port);
      expect(await reply(during, 'three', 300)).toBeUndefined();
      const closed = Promise.all([before, during].map((s) => new Promise((resolve) => s.once('close', resolve))));
      proxy.setCut(false);
      await closed;
      expect(await reply(open(proxy.port), 'four', 10_000)).toBe('four');
    } finally {
      await proxy.close();
    }
  });
});
