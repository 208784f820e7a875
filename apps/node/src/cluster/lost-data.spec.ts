import { toBinary } from '@bufbuild/protobuf';
import { type Command, CommandSchema, InternalService, JobStatus } from '@sched/rpc/gen';
import { commands } from '@sched/scheduler';
import { randomUUID } from 'node:crypto';
import { internalServiceHandlers } from '../api/internal-service';
import { createLogger } from '../log/logger';
import { monotonicMs } from '../monotonic-clock';
import type { ExecutionResult, Executor } from '../worker/executor/executor';
import { WorkerAgent } from '../worker/worker-agent';
import { LocalCluster, never, proposeJobs, until } from './local-cluster.test-util';
import { createNodeContext } from './node-context-impl';
import type { RunningNode } from './start-node';
import { WorkerHeartbeats } from './worker-heartbeats';

// Generous per-test budget for a loaded 2-core machine; the waits inside have their own, tighter bounds.
jest.setTimeout(30_000);

// docs/operations.md, "A node that lost its data": a node restarted without --data-dir comes back empty.

let cluster: LocalCluster | undefined;
const workers = new Map<number, WorkerAgent>();
afterEach(async () => {
  for (const w of workers.values()) await w.stop(0);
  workers.clear();
  await cluster?.destroy();
  cluster = undefined;
});

const propose = (leader: RunningNode, command: Command) => leader.driver.propose(toBinary(CommandSchema, command));

describe('a node that lost its data', () => {
  it('is rebuilt by the leader it rejoins, log and job table, without a leadership change, and the leader says so', async () => {
    cluster = await LocalCluster.start(3);
    const c = cluster;
    const leader = await c.waitForLeader();
    await proposeJobs(leader, 5, (k) => `echo before ${k}`);
    await c.expectConverged();
    const { term } = leader.driver.status();
    const lost = c.running().find((n) => n !== leader)!.config.nodeId;
    await c.stop(lost);
    await proposeJobs(leader, 2, (k) => `echo while down ${k}`);
    const back = await c.restart(lost);
    await c.expectConverged();
    expect(back.machine.table.size).toBe(7);
    expect(c.leaders()).toEqual([leader]);
    expect(leader.driver.status().term).toBe(term);
    expect(c.errors).toEqual([`node ${leader.config.nodeId}: Peer ${lost} lost its log (restarted without its data?); rebuilding it from index 1`]);
    // A consistent read on it succeeds once it has caught up.
    await expect(back.driver.readIndex()).resolves.toBeGreaterThanOrEqual(8);
  });

  it('runs none of the jobs the log it catches up on had assigned to its worker, finished ones included', async () => {
    const launched: string[] = [];
    const stale = new Set<bigint>();
    cluster = await LocalCluster.start(3, {
      services: (router, runtime) => {
        const heartbeats = new WorkerHeartbeats();
        heartbeats.onRestart((id) => stale.add(id));
        const ctx = createNodeContext(runtime, heartbeats, 'http');
        router.service(InternalService, internalServiceHandlers(ctx));
        const self = runtime.config.nodeId;
        const executor: Executor = {
          kind: 'exec',
          summary: 'fake',
          run: (job, signal) => {
            launched.push(`${self}:${job.jobId}/${job.attempt}`);
            return new Promise<ExecutionResult>((resolve) => signal.addEventListener('abort', () => resolve(cancelled()), { once: true }));
          },
        };
        const worker = new WorkerAgent({
          self,
          slots: 4,
          executor,
          advertises: ['exec'],
          heartbeatMs: 50,
          workerLivenessMs: 2000,
          electionTimeoutMs: 80,
          replayHorizon: runtime.replayHorizon,
          appliedIndex: () => runtime.driver.appliedIndex(),
          defaultTimeoutMs: 60_000,
          retryMs: 100,
          table: () => runtime.machine.table,
          isLeader: () => runtime.driver.status().role === 'leader',
          leaderAddress: () => ctx.peers.find((p) => p.id === runtime.driver.status().leader)?.address,
          internalClient: (address) => ctx.internalClient(address),
          recordLocalHeartbeat: (heartbeat, staleAttempts) => heartbeats.record(BigInt(self), heartbeat, staleAttempts),
          propose: (command) => ctx.propose(command, 'internal'),
          draining: () => false,
          monotonicMs,
          output: runtime.stores.output,
          outbox: runtime.stores.outbox,
          log: createLogger('error', () => {}),
        });
        workers.set(self, worker);
      },
      onApplied: (id, result, entry) => workers.get(id)?.onApplied(result, entry.index),
    });
    const c = cluster;
    for (const w of workers.values()) w.start();
    const leader = await c.waitForLeader();
    const lost = c.running().find((n) => n !== leader)!.config.nodeId;
    const worker = BigInt(lost);
    // Its previous process ran `done` to the end and was running `running`.
    const [done, running] = [randomUUID(), randomUUID()];
    await propose(leader, commands.registerWorker(worker, 4, ['exec']));
    for (const jobId of [done, running]) {
      await propose(leader, commands.submitJob({ jobId, command: `echo ${jobId}`, createdAtMs: 1n }));
      await propose(leader, commands.assignJob({ jobId, workerId: worker, attempt: 1 }));
    }
    await propose(leader, commands.updateJobStatus({ jobId: done, status: JobStatus.COMPLETED, executedBy: worker, attempt: 1, completedAtMs: 2n }));
    await c.expectConverged();
    await workers.get(lost)!.stop(0);
    await c.stop(lost);
    await proposeJobs(leader, 1, () => 'echo while down');
    launched.length = 0;
    stale.clear();
    await c.restart(lost);
    workers.get(lost)!.start();
    await c.expectConverged();
    // Its worker tells the leader that `running` is not running here, so that it is requeued.
    await until(() => stale.has(worker));
    await never(() => launched.length > 0, 300);
  });
});

function cancelled(): ExecutionResult {
  const empty = { text: '', truncated: false, droppedBytes: 0 };
  return { outcome: 'cancelled', stdout: empty, stderr: empty, startedAtMs: 0, finishedAtMs: 1 };
}
