// Port of REF §11.16 "Assigner" tests (liveness half) and §11.10's dead-worker test,
// adjusted: heartbeats stay on the leader; only changes become replicated commands.
import type { Command } from '@sched/rpc/gen';
import * as commands from './commands';
import { Log, T0, assign, register, submit } from './test-log.test-util';
import { type Heartbeat, type LivenessView, liveWorkerIds, reconcileWorkers } from './worker-liveness';

const beat = (atMs: number, slots = 4, executors = ['docker', 'exec'], draining = false): Heartbeat => ({
  atMs,
  slots,
  executors,
  draining,
});

/** A view at monotonic time `nowMs`; the wall clock reads the same unless given. */
function view(heartbeats: [number, Heartbeat][], nowMs: number, leaderSinceMs = 0, wallClockMs = nowMs): LivenessView {
  return { heartbeats: new Map(heartbeats.map(([id, hb]) => [BigInt(id), hb])), monotonicNowMs: nowMs, leaderSinceMs, wallClockMs, windowMs: 5000 };
}

const cases = (list: Command[]) => list.map((c) => [c.commandType.case, Number((c.commandType.value as { workerId: bigint }).workerId)]);

describe('liveWorkerIds', () => {
  it('counts a worker live until the window has passed since its heartbeat (test_worker_heartbeat, _is_alive_direct)', () => {
    const v = (now: number) => liveWorkerIds(view([[1, beat(1000)]], now));
    expect(v(1000)).toEqual(new Set([1n]));
    expect(v(5999)).toEqual(new Set([1n]));
    expect(v(6000)).toEqual(new Set());
  });
});

describe('reconcileWorkers', () => {
  it('registers an unknown worker that heartbeats (test_worker_heartbeat_auto_registration, test_worker_state_new_direct)', () => {
    const log = new Log();
    const proposed = reconcileWorkers(log.table, view([[42, beat(100, 2, ['exec', 'docker'])]], 200));
    expect(proposed).toEqual([commands.registerWorker(42n, 2, ['docker', 'exec'])]);
    log.applyAll(...proposed);
    expect(log.table.workers()).toEqual([{ id: 42n, slots: 2, executors: ['docker', 'exec'], draining: false, lost: false }]);
    expect(reconcileWorkers(log.table, view([[42, beat(300, 2, ['docker', 'exec'])]], 300))).toEqual([]);
  });

  it('re-registers a worker whose slots or executors changed, and one that was lost', () => {
    const log = new Log();
    log.applyAll(register(1, 4), register(2, 4), commands.workerLost(2n, T0));
    const proposed = reconcileWorkers(log.table, view([[1, beat(10, 8)], [2, beat(10)]], 10));
    expect(cases(proposed)).toEqual([
      ['registerWorker', 1],
      ['registerWorker', 2],
    ]);
  });

  it('proposes drain changes from heartbeats', () => {
    const log = new Log();
    log.apply(register(1));
    const drained = reconcileWorkers(log.table, view([[1, beat(10, 4, ['docker', 'exec'], true)]], 10));
    expect(drained).toEqual([commands.setWorkerDraining(1n, true)]);
    log.applyAll(...drained);
    expect(reconcileWorkers(log.table, view([[1, beat(20)]], 20))).toEqual([commands.setWorkerDraining(1n, false)]);
  });

  it('declares lost a worker unheard for the window, with the leader\'s time (test_check_dead_workers)', () => {
    const log = new Log();
    log.applyAll(register(100), register(200), register(300));
    const proposed = reconcileWorkers(log.table, view([[100, beat(6000)], [200, beat(500)]], 6000));
    expect(proposed).toEqual([commands.workerLost(200n, 6000n), commands.workerLost(300n, 6000n)]);
    log.applyAll(...proposed);
    // A lost worker is not declared lost again.
    expect(reconcileWorkers(log.table, view([[100, beat(19_000)]], 20_000))).toEqual([]);
  });

  it('measures the window on the monotonic clock only, and stamps WorkerLost with the wall clock', () => {
    const log = new Log();
    log.applyAll(register(1), register(2));
    const stepped = 1_800_000_000_000; // the wall clock jumped years ahead: nobody is lost for it
    expect(reconcileWorkers(log.table, view([[1, beat(1000)], [2, beat(4000)]], 5999, 0, stepped))).toEqual([]);
    expect(reconcileWorkers(log.table, view([[1, beat(1000)], [2, beat(4000)]], 6000, 0, stepped))).toEqual([commands.workerLost(1n, BigInt(stepped))]);
  });

  it('gives every worker a full window after a leadership change', () => {
    const log = new Log();
    log.apply(register(1));
    expect(reconcileWorkers(log.table, view([], 10_000, 6000))).toEqual([]);
    expect(reconcileWorkers(log.table, view([], 11_000, 6000))).toEqual([commands.workerLost(1n, 11_000n)]);
  });

  it('ends with the dead worker\'s job requeued and assigned to the live one (§11.10 test_dead_worker_not_assigned)', () => {
    const log = new Log();
    log.applyAll(register(100), register(200), submit(1), assign(1, 200));
    log.applyAll(...reconcileWorkers(log.table, view([[100, beat(9000)], [200, beat(1000)]], 9000)));
    expect(log.table.runningCount(200n)).toBe(0);
    expect([...log.table.pending()].map((j) => j.attempt)).toEqual([1]);
  });
});
