import type { JobTable } from './job-table';
import { runsImages } from './executors';
import { type Placement, type PlacementJob, type PlacementWorker, place } from './placement';

/**
 * Leader-side: the assignments to propose now, from the replicated table and the
 * leader's own view of liveness. Pure: the same table and inputs give the same plan.
 *
 * @param live worker ids the leader heard from within the liveness window (liveWorkerIds).
 * @param inFlight assignments already proposed and not yet applied, job id -> worker id;
 *   those jobs are skipped and count toward their worker's load, so proposing again
 *   before the first batch applies does not over-fill a worker. (Apply re-checks
 *   everything anyway: a stale plan costs a no-op, never a double assignment.)
 *
 * Candidates: registered, in `live`, not lost, not draining, with at least one slot.
 */
export function planAssignments(
  table: JobTable,
  live: ReadonlySet<bigint>,
  inFlight: ReadonlyMap<string, bigint> = new Map(),
): Placement[] {
  const extra = new Map<bigint, number>();
  for (const worker of inFlight.values()) extra.set(worker, (extra.get(worker) ?? 0) + 1);
  const workers: PlacementWorker[] = table
    .workers()
    .filter((w) => live.has(w.id) && !w.lost && !w.draining && w.slots > 0)
    .map((w) => ({
      id: w.id,
      slots: w.slots,
      load: table.runningCount(w.id) + (extra.get(w.id) ?? 0),
      docker: runsImages(w),
    }));
  return place(pendingNotInFlight(table, inFlight), workers);
}

function* pendingNotInFlight(table: JobTable, inFlight: ReadonlyMap<string, bigint>): Generator<PlacementJob> {
  for (const job of table.pending()) {
    if (!inFlight.has(job.id)) yield { id: job.id, needsDocker: job.image !== undefined, nextAttempt: job.attempt + 1 };
  }
}
