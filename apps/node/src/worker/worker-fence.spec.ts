import { commands } from '@sched/scheduler';
import { fenceTimings } from './worker-agent';
import { at, harness, JOB, OTHER, startFakeClock, THIRD, TIMINGS } from './worker-harness.test-util';

const { fenceMs, checkMs, rerunMs } = fenceTimings(TIMINGS);

/** A started worker whose first heartbeat (at 0) was acknowledged, running attempt 1 of JOB. */
async function runningJob() {
  const h = harness();
  h.agent.start();
  await at(0);
  h.assign(JOB);
  expect(h.launched()).toEqual([`${JOB}/1`]);
  return h;
}

describe('worker self-fencing', () => {
  beforeEach(startFakeClock);
  afterEach(() => jest.useRealTimers());

  it('fences at liveness - election timeout - a margin of two checks (a quarter heartbeat each), never at or below 0', () => {
    expect(fenceTimings(TIMINGS)).toEqual({ fenceMs: 3850, checkMs: 500, rerunMs: 4350, warnings: [] });
    // Every timing the config accepts (liveness > heartbeat >= 1) gives a positive fence within the window.
    for (const [l, h, e] of [[2, 1, 1], [2100, 2000, 150], [1000, 200, 5000], [101, 100, 10]] as const) {
      const t = fenceTimings({ workerLivenessMs: l, heartbeatMs: h, electionTimeoutMs: e });
      expect(t.fenceMs).toBeGreaterThan(0);
      expect(t.fenceMs).toBeLessThan(l);
      expect(t.rerunMs).toBeLessThan(l);
      expect(t.checkMs).toBeGreaterThanOrEqual(50);
      expect(t.warnings.length).toBeGreaterThan(0);
    }
    // The real-process tests' timings: covered, with room for a heartbeat.
    expect(fenceTimings({ workerLivenessMs: 1500, heartbeatMs: 200, electionTimeoutMs: 300 })).toEqual({ fenceMs: 1100, checkMs: 50, rerunMs: 1150, warnings: [] });
  });

  it('kills a running attempt once no heartbeat sent in the last fenceMs was acknowledged, and not before', async () => {
    const h = await runningJob();
    h.state.answer = 'hang';
    await at(fenceMs - 1);
    expect(h.runs[0]!.signal.aborted).toBe(false);
    // Launching checks the fence itself: still allowed at fenceMs - 1, not at fenceMs (the
    // periodic check, at 4000 ms, has not run yet).
    h.assign(OTHER);
    await at(fenceMs);
    h.assign(THIRD);
    expect(h.launched()).toEqual([`${JOB}/1`, `${OTHER}/1`]);
    await at(fenceMs + checkMs);
    expect(h.runs.map((r) => r.signal.aborted)).toEqual([true, true]);
    expect(h.warnings).toEqual(['Worker lost contact with the leader; killed 2 running jobs']);
    await at(fenceMs + 10 * checkMs);
    expect(h.warnings).toHaveLength(1); // once per fencing event
    await h.agent.stop(0);
  });

  it('keeps running past fenceMs while heartbeats are acknowledged, and tolerates one lost heartbeat by retrying every check', async () => {
    const h = await runningJob();
    await at(3 * fenceMs);
    expect(h.runs[0]!.signal.aborted).toBe(false);
    // The heartbeat at 14000 ms is lost (as if its call hung); the retries one check after
    // it became overdue are acknowledged, well before the fence.
    const lostAt = 14_000;
    await at(lostAt - 1);
    h.state.answer = 'hang';
    await at(lostAt + 1);
    h.state.answer = 'ack';
    await at(lostAt + 4 * fenceMs);
    expect(h.runs).toHaveLength(1);
    expect(h.runs[0]!.signal.aborted).toBe(false);
    expect(h.warnings).toEqual([]);
    await h.agent.stop(0);
  });

  it('launches nothing while fenced (at start: before the first acknowledgement), and launches once a heartbeat is acknowledged', async () => {
    const h = harness();
    h.state.answer = 'refuse';
    h.agent.start();
    h.assign(JOB);
    await at(3 * fenceMs);
    expect(h.runs).toHaveLength(0);
    expect(h.warnings).toEqual([]); // nothing ran, nothing to fence
    // Refused heartbeats are retried every check, not only every heartbeat period.
    const before = h.sent.length;
    await at(3 * fenceMs + TIMINGS.heartbeatMs - 1);
    expect(h.sent.length - before).toBeGreaterThanOrEqual(3);
    h.state.answer = 'ack';
    await at(3 * fenceMs + TIMINGS.heartbeatMs + checkMs);
    expect(h.launched()).toEqual([`${JOB}/1`]);
    await h.agent.stop(0);
  });

  it('does not report a fenced run, and runs the same attempt again (after the killed run ended) when contact returns within rerunMs', async () => {
    const h = await runningJob();
    h.state.answer = 'hang';
    await at(fenceMs + checkMs / 2);
    expect(h.runs[0]!.signal.aborted).toBe(true);
    h.assign(OTHER); // assigned while fenced: waits
    expect(h.runs).toHaveLength(1);
    // The answer to the retry sent at 3500 ms arrives late, but before rerunMs: no leader
    // can have declared this worker lost, the killed attempt is still this worker's.
    expect(rerunMs).toBeGreaterThan(fenceMs + checkMs / 2);
    h.state.answer = 'ack';
    h.hanging.get(3500)!();
    await at(fenceMs + checkMs / 2 + 1);
    expect(h.launched()).toEqual([`${JOB}/1`, `${JOB}/1`, `${OTHER}/1`]);
    expect(h.runs[1]!.signal.aborted).toBe(false);
    await at(rerunMs + 1000);
    expect(h.reported).toEqual([]); // the killed run resolved `cancelled`: nothing reported
    expect(h.sent.every((r) => r.staleAttempts === false)).toBe(true);
    // The rerun's result is reported as usual.
    h.runs[1]!.finish('completed');
    await at(rerunMs + 2000);
    expect(h.reported).toEqual([`${JOB}/1`]);
    await h.agent.stop(0);
  });

  it('abandons the killed attempts when contact returns later: never run again, reported stale until requeued, nothing launched meanwhile', async () => {
    const h = await runningJob();
    h.state.answer = 'hang';
    await at(TIMINGS.workerLivenessMs + 1000); // the leader may have declared this worker lost
    expect(h.runs[0]!.signal.aborted).toBe(true);
    h.state.answer = 'ack';
    h.assign(OTHER);
    await at(TIMINGS.workerLivenessMs + 1000 + 3 * TIMINGS.heartbeatMs);
    expect(h.runs).toHaveLength(1);
    expect(h.sent.at(-1)!.staleAttempts).toBe(true);
    expect(h.reported).toEqual([]);
    // The leader requeues everything running here (WorkerLost); the next assignment runs.
    h.applyHere(commands.workerLost(1n, 1n));
    h.applyHere(commands.registerWorker(1n, 4, ['exec']));
    h.assign(JOB, 2);
    expect(h.launched()).toEqual([`${JOB}/1`, `${JOB}/2`]);
    await at(TIMINGS.workerLivenessMs + 1000 + 4 * TIMINGS.heartbeatMs);
    expect(h.sent.at(-1)!.staleAttempts).toBe(false);
    await h.agent.stop(0);
  });

  it('as the leader, its own heartbeat records keep it unfenced; once it stops leading with no leader known, it fences', async () => {
    const h = harness({ leader: true, internalClient: () => { throw new Error('no remote heartbeat while leading'); } });
    h.agent.start();
    await at(0); // the replay horizon is known
    h.assign(JOB);
    expect(h.runs).toHaveLength(1);
    await at(3 * fenceMs);
    expect(h.runs[0]!.signal.aborted).toBe(false);
    expect(h.local.length).toBeGreaterThanOrEqual(5);
    h.state.leader = false;
    h.state.leaderAddress = undefined;
    const lastRecord = Math.floor((3 * fenceMs) / TIMINGS.heartbeatMs) * TIMINGS.heartbeatMs;
    await at(lastRecord + fenceMs - 1);
    expect(h.runs[0]!.signal.aborted).toBe(false);
    await at(lastRecord + fenceMs + checkMs);
    expect(h.runs[0]!.signal.aborted).toBe(true);
    await h.agent.stop(0);
  });

  it('keeps heartbeating while stop() lets running jobs finish, so the leader keeps them and the fence does not kill them', async () => {
    const h = await runningJob();
    const atStop = h.sent.length;
    expect(h.sent.every((request) => !request.draining)).toBe(true);
    const stopped = h.agent.stop(3 * fenceMs);
    expect(h.sent.length).toBe(atStop + 1); // at once, saying draining: the leader assigns nothing new here
    await at(2 * fenceMs);
    expect(h.sent.length - atStop).toBeGreaterThanOrEqual(4);
    expect(h.sent.slice(atStop).every((request) => request.draining)).toBe(true);
    expect(h.runs[0]!.signal.aborted).toBe(false);
    h.assign(OTHER); // stopping: not launched
    expect(h.runs).toHaveLength(1);
    h.runs[0]!.finish('completed');
    await at(2 * fenceMs + 1000);
    await stopped;
    expect(h.reported).toEqual([`${JOB}/1`]);
    const count = h.sent.length;
    await at(5 * fenceMs);
    expect(h.sent.length).toBe(count); // stopped: no more heartbeats
  });
});
