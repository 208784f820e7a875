import { SeededRng } from '@sched/raft';

/**
 * The draws of a chaos run, over @sched/raft's seeded generator: the fault schedule and
 * every client's choice of operations come from it, so a seed names one fault schedule and
 * one workload.
 */
export class Random {
  private readonly rng: SeededRng;

  constructor(seed: number) {
    this.rng = new SeededRng(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    return this.rng.nextFloat();
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + this.rng.nextInt(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.rng.nextInt(items.length)]!;
  }

  /** One of `weighted`'s keys, each chosen with probability proportional to its weight. */
  weighted<K extends string>(weighted: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weighted) as [K, number][];
    let roll = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }

  /** A seed for an independent stream (one per client). */
  fork(): number {
    return this.rng.nextUint32();
  }
}
