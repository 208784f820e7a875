import { JobStatus } from '@sched/rpc/gen';
import { commands } from '@sched/scheduler';
import { at, harness, JOB, OTHER, startFakeClock, THIRD, TIMINGS } from './worker-harness.test-util';

/**
 * A worker replays the log when its node (re)starts. What entries up to the replay horizon
 * assigned to it belongs to a previous process, which may have run it already: never run
 * again. For a node that lost its data the horizon is the commit index a leader confirmed
 * after the start, so the whole history it replays from the leader is covered.
 */

/** A replay horizon the test resolves when the leader would have confirmed it. */
function pendingHorizon(): { promise: Promise<number>; resolve(index: number): void } {
  let resolve: (index: number) => void = () => {};
  const promise = new Promise<number>((r) => (resolve = r));
  return { promise, resolve };
}

/** The leader's answer to stale attempts: WorkerLost requeues everything running here, then the next attempts of `jobIds` come here. */
function requeueAndReassign(h: ReturnType<typeof harness>, ...jobIds: string[]): void {
  h.applyHere(commands.workerLost(1n, 3n));
  h.applyHere(commands.registerWorker(1n, 4, ['exec']));
  for (const jobId of jobIds) h.assign(jobId, 2);
}

const completed = (jobId: string) => commands.updateJobStatus({ jobId, status: JobStatus.COMPLETED, executedBy: 1n, attempt: 1, completedAtMs: 2n });

describe('replay after a restart', () => {
  beforeEach(startFakeClock);
  afterEach(() => jest.useRealTimers());

  it('runs none of the attempts the replayed log assigned here, finished ones included, and reports the unfinished ones stale until requeued', async () => {
    const horizon = pendingHorizon();
    const h = harness({ replayHorizon: horizon.promise });
    h.agent.start();
    await at(0);
    // The node lost its data: it replays from the leader what its previous process did.
    h.assign(JOB);
    h.applyHere(completed(JOB));
    h.assign(OTHER);
    horizon.resolve(8); // the leader's commit index, confirmed after the start
    await at(1);
    expect(h.launched()).toEqual([]); // not applied up to the horizon yet
    h.assign(THIRD); // entries 7 and 8: up to the horizon
    expect(h.launched()).toEqual([]);
    await at(TIMINGS.heartbeatMs + 1);
    expect(h.sent.at(-1)!.staleAttempts).toBe(true);
    // The leader requeues everything running here (attempt + 1); only the new attempts run.
    requeueAndReassign(h, OTHER, THIRD);
    expect(h.launched()).toEqual([`${OTHER}/2`, `${THIRD}/2`]);
    await at(2 * TIMINGS.heartbeatMs + 1);
    expect(h.sent.at(-1)!.staleAttempts).toBe(false);
    await h.agent.stop(0);
  });

  it('launches nothing and reports nothing stale while the horizon is unknown (no leader confirmed it yet)', async () => {
    const h = harness({ replayHorizon: pendingHorizon().promise });
    h.agent.start();
    h.assign(JOB);
    await at(3 * TIMINGS.heartbeatMs);
    expect(h.launched()).toEqual([]);
    expect(h.sent.length).toBeGreaterThan(0);
    expect(h.sent.every((r) => r.staleAttempts === false)).toBe(true);
    await h.agent.stop(0);
  });

  it('runs the attempts assigned after the horizon once it is known, even if they were applied before', async () => {
    const horizon = pendingHorizon();
    const h = harness({ replayHorizon: horizon.promise });
    h.agent.start();
    await at(0);
    h.assign(JOB); // entries 2 and 3, past the horizon below: this process's own
    expect(h.launched()).toEqual([]);
    horizon.resolve(1);
    await at(1);
    expect(h.launched()).toEqual([`${JOB}/1`]);
    await at(TIMINGS.heartbeatMs + 1);
    expect(h.sent.at(-1)!.staleAttempts).toBe(false);
    h.runs[0]!.finish('completed');
    await at(TIMINGS.heartbeatMs + 1000);
    expect(h.reported).toEqual([`${JOB}/1`]);
    await h.agent.stop(0);
  });

  it('with the horizon at its persisted commit, a durable restart abandons what was running and runs what the log assigns after it', async () => {
    const h = harness({ replayHorizon: Promise.resolve(3) });
    h.assign(JOB); // entries 2 and 3: replayed from its own log
    h.agent.start();
    await at(0);
    h.assign(OTHER); // entries 4 and 5
    expect(h.launched()).toEqual([]); // JOB/1 is stale: nothing new runs before the requeue
    await at(TIMINGS.heartbeatMs + 1);
    expect(h.sent.at(-1)!.staleAttempts).toBe(true);
    requeueAndReassign(h, JOB, OTHER);
    expect(h.launched()).toEqual([`${JOB}/2`, `${OTHER}/2`]);
    await h.agent.stop(0);
  });
});
