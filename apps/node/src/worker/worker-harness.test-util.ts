import type { Client } from '@connectrpc/connect';
import type { InternalService, WorkerHeartbeatRequest } from '@sched/rpc/gen';
import { type ApplyResult, commands, JobTable } from '@sched/scheduler';
import { MemoryOutputStore, MemoryReportOutbox } from '@sched/storage';
import { createLogger, type Logger } from '../log/logger';
import type { ExecutionJob, ExecutionResult, Executor } from './executor/executor';
import { WorkerAgent, type WorkerAgentOptions } from './worker-agent';

/** A WorkerAgent on jest's fake clock with a fake executor, table and leader, for the worker specs. */

/** The defaults: --worker-liveness-ms 5000, --worker-heartbeat-ms 2000, --election-timeout-ms 150. */
export const TIMINGS = { workerLivenessMs: 5000, heartbeatMs: 2000, electionTimeoutMs: 150 };
export const JOB = '00000000-0000-4000-8000-000000000001';
export const OTHER = '00000000-0000-4000-8000-000000000002';
export const THIRD = '00000000-0000-4000-8000-000000000003';

/** jest's (fake) clock when the test started. */
let startedAt = 0;

/** Switches to jest's fake timers; `at` counts from now. Undo with jest.useRealTimers(). */
export function startFakeClock(): void {
  jest.useFakeTimers();
  startedAt = jest.now();
}

/** How the (fake) leader answers heartbeats from now on. */
type Answer = 'ack' | 'refuse' | 'hang';

/** One attempt on the fake executor: it runs until aborted (cancelled) or finished by the test. */
interface FakeRun {
  readonly job: ExecutionJob;
  readonly signal: AbortSignal;
  finish(outcome: 'completed' | 'failed'): void;
}

function result(outcome: ExecutionResult['outcome']): ExecutionResult {
  const empty = { text: '', truncated: false, droppedBytes: 0 };
  return { outcome, ...(outcome === 'completed' ? { exitCode: 0 } : {}), stdout: empty, stderr: empty, startedAtMs: 0, finishedAtMs: 1 };
}

/** A worker (node 1) whose clock is jest's fake clock, with a fake executor, table and leader. */
export function harness(over: Partial<WorkerAgentOptions> & { leader?: boolean } = {}) {
  const table = JobTable.create();
  let index = 0;
  const apply = (command: Parameters<JobTable['apply']>[0]): ApplyResult => table.apply(command, { index: ++index, term: 1 });
  apply(commands.registerWorker(1n, 4, ['exec']));
  const runs: FakeRun[] = [];
  const executor: Executor = {
    kind: 'exec',
    summary: 'fake',
    run: (job, signal) =>
      new Promise((resolve) => {
        signal.addEventListener('abort', () => resolve(result('cancelled')), { once: true });
        runs.push({ job, signal, finish: (outcome) => resolve(result(outcome)) });
      }),
  };
  const state = { answer: 'ack' as Answer, leader: over.leader ?? false, leaderAddress: 'leader:1' as string | undefined };
  const sent: WorkerHeartbeatRequest[] = [];
  /** Heartbeats left unanswered ('hang'), by send time in the test: the test may acknowledge them late. */
  const hanging = new Map<number, () => void>();
  const local: boolean[] = [];
  const reported: string[] = [];
  const warnings: string[] = [];
  const log: Logger = createLogger('warn', (line) => warnings.push(String((JSON.parse(line) as { msg: string }).msg)));
  const client = {
    workerHeartbeat: (request: WorkerHeartbeatRequest) => {
      sent.push(request);
      if (state.answer === 'ack') return Promise.resolve({});
      if (state.answer === 'refuse') return Promise.reject(new Error('Not the leader'));
      return new Promise((resolve) => hanging.set(jest.now() - startedAt, () => resolve({})));
    },
    forwardJobStatus: (request: { updates: { jobId: string; attempt: number }[] }) => {
      for (const u of request.updates) reported.push(`${u.jobId}/${u.attempt}`);
      return Promise.resolve({});
    },
  } as unknown as Client<typeof InternalService>;
  const options: WorkerAgentOptions = {
    self: 1,
    slots: 4,
    executor,
    advertises: ['exec'],
    ...TIMINGS,
    replayHorizon: Promise.resolve(0),
    appliedIndex: () => index,
    defaultTimeoutMs: 60_000,
    retryMs: 100,
    table: () => table,
    isLeader: () => state.leader,
    leaderAddress: () => state.leaderAddress,
    internalClient: () => client,
    recordLocalHeartbeat: (_heartbeat, stale) => local.push(stale),
    propose: (command) => {
      if (command.commandType.case === 'updateJobStatus') reported.push(`${command.commandType.value.jobId}/${command.commandType.value.attempt}`);
      return Promise.resolve({ effects: [], noops: [] });
    },
    draining: () => false,
    monotonicMs: () => jest.now(),
    output: new MemoryOutputStore(),
    outbox: new MemoryReportOutbox(),
    log,
    ...over,
  };
  const agent = new WorkerAgent(options);
  /** Submits `jobId` and assigns its next attempt here, as the leader's entries would. */
  const assign = (jobId: string, attempt = 1) => {
    if (attempt === 1) apply(commands.submitJob({ jobId, command: 'sleep 60', createdAtMs: 1n }));
    const applied = apply(commands.assignJob({ jobId, workerId: 1n, attempt }));
    agent.onApplied(applied, index);
  };
  const applyHere = (command: Parameters<JobTable['apply']>[0]) => agent.onApplied(apply(command), index);
  /** Every attempt the executor was given, in order (`<job id>/<attempt>`). */
  const launched = () => runs.map((r) => `${r.job.jobId}/${r.job.attempt}`);
  return { agent, table, runs, state, sent, hanging, local, reported, warnings, assign, applyHere, launched };
}

/** Advances jest's clock to `ms` after the start of the test, running timers and promise callbacks. */
export const at = async (ms: number) => {
  await jest.advanceTimersByTimeAsync(startedAt + ms - jest.now());
};
