/**
 * The only source of randomness Raft uses (election timeouts). Passing it in keeps the
 * library deterministic: the same seed and the same inputs give the same behaviour.
 */
export interface Rng {
  /** A uniformly distributed integer in [0, bound). `bound` is a positive integer. */
  nextInt(bound: number): number;
}

/**
 * A small, fast seeded generator (SplitMix32 finalizer over a Weyl sequence). Good enough
 * for jitter and simulation; not for cryptography.
 */
export class SeededRng implements Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  nextInt(bound: number): number {
    return Math.floor((this.nextUint32() / 0x1_0000_0000) * bound);
  }

  /** A float in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }
}
