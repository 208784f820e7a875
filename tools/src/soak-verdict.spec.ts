import type { Phase, Sample } from '../soak/sample';
import { evictionPeriodMs, judge, levelSampleCount, tableBound, type VerdictInput, warmupSeconds } from '../soak/verdict';

const MiB = 2 ** 20;

function sample(k: number, phase: Phase, rssMiB: readonly number[], over: Partial<Sample> = {}): Sample {
  return {
    phase,
    elapsedS: 10 * k,
    submitted: 1500 * k,
    acknowledged: 1500 * k,
    failedSubmits: 0,
    behind: 0,
    table: 3000,
    pending: 5,
    running: 5,
    failedJobs: 0,
    logEntries: 1500,
    commitIndex: 4500 * k,
    rssBytes: rssMiB.map((m) => m * MiB),
    diskBytes: [13 * MiB, 13 * MiB, 13 * MiB],
    submitP50Ms: 14,
    submitP99Ms: 40,
    ...over,
  };
}

/** 6 warm-up samples, then `steady` steady samples whose RSS is given by `rss(k)`, then one drain sample. */
function run(steady: number, rss: (k: number) => readonly number[], over: (k: number) => Partial<Sample> = () => ({})): Sample[] {
  const samples: Sample[] = [];
  for (let k = 1; k <= 6; k++) samples.push(sample(k, 'warm-up', [120, 120, 120], over(k)));
  for (let k = 7; k < 7 + steady; k++) samples.push(sample(k, 'steady', rss(k), over(k)));
  samples.push(sample(7 + steady, 'drain', rss(6 + steady), { pending: 0, running: 0, ...over(7 + steady) }));
  return samples;
}

function input(samples: Sample[], over: Partial<VerdictInput> = {}): VerdictInput {
  return { samples, ratePerS: 150, retentionMs: 10_000, snapshotBytes: [250_000, 250_000, 250_000], submitSeconds: samples.at(-1)!.submitted / 150, drained: true, ...over };
}

const failing = (v: ReturnType<typeof judge>) => v.checks.filter((c) => !c.pass).map((c) => c.name);

describe('soak verdict', () => {
  it('bounds the table by rate x (slack + retention + eviction period), the period being min(300 s, retention)', () => {
    expect(evictionPeriodMs(10_000)).toBe(10_000);
    expect(evictionPeriodMs(3_600_000)).toBe(300_000);
    expect(tableBound(150, 10_000)).toBe(4500);
    expect(tableBound(100, 3_600_000)).toBe(391_000);
    expect(warmupSeconds(10_000)).toBe(60);
    expect(warmupSeconds(60_000)).toBe(360);
  });

  it('takes each level from a tenth of the steady samples, at least 3', () => {
    expect(levelSampleCount(6)).toBe(3);
    expect(levelSampleCount(45)).toBe(4);
    expect(levelSampleCount(220)).toBe(22);
  });

  it('passes a flat run, noise included, and reports levels and peaks', () => {
    const noisy = (k: number) => [180 + ((k * 37) % 40) - 20, 150 + ((k * 11) % 30), 170];
    const v = judge(input(run(60, noisy)));
    expect(failing(v)).toEqual([]);
    expect(v.pass).toBe(true);
    expect(v.rss[2]).toEqual({ warm: 170 * MiB, final: 170 * MiB, peak: 170 * MiB });
    expect(v.rss[0]!.peak).toBe(199 * MiB);
  });

  it('fails memory when one node ends above 1.2 x its warm level + 24 MiB, and says which', () => {
    const growing = (k: number) => [180, 180 + 2 * (k - 7), 180];
    const v = judge(input(run(60, growing)));
    expect(failing(v)).toEqual(['memory']);
    const memory = v.checks.find((c) => c.name === 'memory')!;
    expect(memory.detail).toContain('node 2 184.0 -> 292.0 MiB (limit 244.8)');
  });

  it('judges RSS on the steady samples only: a warm-up climb and a drain spike do not count', () => {
    const samples = run(30, () => [180, 180, 180]);
    samples[0] = sample(1, 'warm-up', [60, 60, 60]);
    samples[samples.length - 1] = sample(37, 'drain', [400, 400, 400], { pending: 0, running: 0 });
    const v = judge(input(samples));
    expect(v.pass).toBe(true);
    expect(v.rss[0]).toEqual({ warm: 180 * MiB, final: 180 * MiB, peak: 400 * MiB });
  });

  it('fails disk growth with the same rule', () => {
    const v = judge(input(run(30, () => [180, 180, 180], (k) => ({ diskBytes: [13 * MiB, 13 * MiB, (13 + 3 * k) * MiB] }))));
    expect(failing(v)).toEqual(['disk']);
  });

  it('fails a table that ends past its bound or peaks past twice the bound after warm-up', () => {
    const flat = () => [180, 180, 180];
    expect(failing(judge(input(run(30, flat, (k) => (k === 20 ? { table: 9000 } : {})))))).toEqual([]);
    expect(failing(judge(input(run(30, flat, (k) => (k === 3 ? { table: 50_000 } : {})))))).toEqual([]);
    expect(failing(judge(input(run(30, flat, (k) => (k === 20 ? { table: 9001 } : {})))))).toEqual(['table']);
    expect(failing(judge(input(run(30, flat, (k) => (k >= 30 ? { table: 4600 } : {})))))).toEqual(['table']);
    expect(failing(judge(input(run(30, flat, (k) => (k === 35 ? { table: 4600 } : {})))))).toEqual([]);
  });

  it('fails a snapshot past 256 B per bound job, and a missing snapshot', () => {
    expect(failing(judge(input(run(30, () => [180, 180, 180]), { snapshotBytes: [250_000, 256 * 4500 + 1, 250_000] })))).toEqual(['snapshot']);
    expect(failing(judge(input(run(30, () => [180, 180, 180]), { snapshotBytes: [] })))).toEqual(['snapshot']);
  });

  it('fails the rate on a failed submit, a failed job or submits that took over 1.05 x jobs / rate, and an undrained run', () => {
    const flat = () => [180, 180, 180];
    expect(failing(judge(input(run(30, flat, (k) => (k > 30 ? { failedSubmits: 1 } : {})))))).toEqual(['rate']);
    expect(failing(judge(input(run(30, flat, (k) => (k === 9 ? { failedJobs: 2 } : {})))))).toEqual(['rate']);
    // 37 samples x 1500 submits at 150/s: 370 s, so at most 388.5 s.
    expect(failing(judge(input(run(30, flat), { submitSeconds: 388.6 })))).toEqual(['rate']);
    expect(failing(judge(input(run(30, flat), { submitSeconds: 388.5 })))).toEqual([]);
    expect(failing(judge(input(run(30, flat), { drained: false })))).toEqual(['drain']);
  });

  it('refuses to judge memory on fewer than 6 steady samples', () => {
    const v = judge(input(run(5, () => [180, 180, 180])));
    expect(failing(v)).toEqual(['length']);
    expect(v.pass).toBe(false);
  });

  it('ignores samples where a node had no RSS (not running) or the leader did not answer', () => {
    const samples = run(30, () => [180, 180, 180], (k) => (k === 20 ? { table: null, pending: null, running: null } : {}));
    samples[15] = { ...samples[15]!, rssBytes: [null, 180 * MiB, 180 * MiB] };
    expect(judge(input(samples)).pass).toBe(true);
  });
});
