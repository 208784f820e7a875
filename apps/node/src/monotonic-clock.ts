/**
 * CLOCK_MONOTONIC in ms: never steps with the wall clock, and reads the same in every
 * process of the machine (the lease keeper compares it across processes). What the
 * worker's fence, its lease and the leader's worker liveness are timed on.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
