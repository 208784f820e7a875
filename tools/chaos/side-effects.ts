import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What every chaos job does: it appends `B <pid> <ns>` when it starts, `T <pid> <ns>` every
 * 50 ms while it runs and `E <pid> <ns>` when it ends, to a file named after its
 * idempotency key. One pid is one run; a run killed midway simply stops writing. Two runs
 * of a job whose recorded spans overlap were alive at the same time.
 */
export function jobScript(effectsDir: string, key: string, durationMs: number): string {
  const file = join(effectsDir, key);
  const mark = (letter: string) => `echo "${letter} $$ $(date +%s%N)" >> ${file}`;
  const ticks = Math.round(durationMs / 50);
  return `${mark('B')}; i=0; while [ $i -lt ${ticks} ]; do sleep 0.05; ${mark('T')}; i=$((i+1)); done; ${mark('E')}`;
}

/** One run of a job, from its first to its last mark (ms since the epoch). */
export interface Run {
  readonly pid: string;
  readonly firstMs: number;
  readonly lastMs: number;
  readonly finished: boolean;
}

/** The runs recorded for each key, in order of their start. */
export function readRuns(effectsDir: string): Map<string, Run[]> {
  const byKey = new Map<string, Run[]>();
  for (const key of readdirSync(effectsDir)) {
    const runs = new Map<string, { firstMs: number; lastMs: number; finished: boolean }>();
    for (const line of readFileSync(join(effectsDir, key), 'utf8').split('\n')) {
      const match = /^([BTE]) (\d+) (\d+)$/.exec(line);
      if (match === null) continue;
      const [, letter, pid, ns] = match as unknown as [string, string, string, string];
      const atMs = Number(BigInt(ns) / 1_000_000n);
      const run = runs.get(pid) ?? { firstMs: atMs, lastMs: atMs, finished: false };
      run.firstMs = Math.min(run.firstMs, atMs);
      run.lastMs = Math.max(run.lastMs, atMs);
      run.finished ||= letter === 'E';
      runs.set(pid, run);
    }
    byKey.set(key, [...runs.entries()].map(([pid, r]) => ({ pid, ...r })).sort((a, b) => a.firstMs - b.firstMs));
  }
  return byKey;
}

/** Pairs of runs of one job whose spans overlap: both were alive at once. */
export function overlappingRuns(runs: readonly Run[]): [Run, Run][] {
  const overlaps: [Run, Run][] = [];
  for (let k = 1; k < runs.length; k++) {
    for (let earlier = 0; earlier < k; earlier++) if (runs[earlier]!.lastMs >= runs[k]!.firstMs) overlaps.push([runs[earlier]!, runs[k]!]);
  }
  return overlaps;
}
