/**
 * Open-loop pacing: submits fall due at a steady rate counted from the start of the run,
 * whatever the cluster answers, so a slow cluster shows up as a backlog of due submits
 * (`behind`) rather than as a quietly lower rate. A tick starts every submit that is due,
 * within a cap on the submits in flight.
 */

/** Period of the pacing tick: at `rate` per second, a tick starts about `rate / 10` submits. */
export const TICK_MS = 100;

/** Submits due `elapsedMs` after the start at `ratePerS`, never more than `total`. */
export function submitsDue(elapsedMs: number, ratePerS: number, total: number): number {
  if (elapsedMs <= 0) return 0;
  return Math.min(total, Math.floor((elapsedMs * ratePerS) / 1000));
}

/** Submits to start at a tick: those due and not started yet, within the room left under the in-flight cap. */
export function submitsToStart(due: number, started: number, inFlight: number, maxInFlight: number): number {
  return Math.max(0, Math.min(due - started, maxInFlight - inFlight));
}
