/**
 * The placement policy, as a pure function of its inputs (SPEC §3 "Assignment"):
 *
 * - jobs are considered in FIFO (submit) order;
 * - each goes to the least-loaded eligible worker, load = jobs Running on it, ties to the
 *   lowest id; a placement adds one to that worker's load before the next job is placed;
 * - a worker is eligible while load < slots, and for a job with an image only if it has
 *   the docker executor;
 * - a job no worker can take is skipped (later jobs may still fit: an image job waiting
 *   for a docker worker does not hold back plain jobs); placing stops once no worker has
 *   a free slot.
 *
 * Which workers are candidates at all (live, registered, not lost, not draining) is the
 * caller's decision; see planAssignments.
 */

export interface PlacementJob {
  readonly id: string;
  readonly needsDocker: boolean;
  /** The attempt the assignment starts (the job's attempt + 1). */
  readonly nextAttempt: number;
}

export interface PlacementWorker {
  readonly id: bigint;
  readonly slots: number;
  /** Jobs Running on it now. */
  readonly load: number;
  readonly docker: boolean;
}

export interface Placement {
  readonly jobId: string;
  readonly workerId: bigint;
  readonly attempt: number;
}

/** A worker during one placement run: its load grows as jobs are placed on it. */
type Candidate = Omit<PlacementWorker, 'load'> & { load: number };

export function place(jobs: Iterable<PlacementJob>, workers: readonly PlacementWorker[]): Placement[] {
  const candidates: Candidate[] = [...workers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((w) => ({ ...w }));
  const placements: Placement[] = [];
  for (const job of jobs) {
    let best: Candidate | undefined;
    let anyFree = false;
    for (const worker of candidates) {
      if (worker.load >= worker.slots) continue;
      anyFree = true;
      if (job.needsDocker && !worker.docker) continue;
      // Strictly less: among equal loads the first, i.e. lowest id, wins.
      if (best === undefined || worker.load < best.load) best = worker;
    }
    if (!anyFree) break;
    if (best === undefined) continue;
    best.load++;
    placements.push({ jobId: job.id, workerId: best.id, attempt: job.nextAttempt });
  }
  return placements;
}
