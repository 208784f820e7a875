import { readFileSync } from 'node:fs';
import { createDashboard, type Dashboard } from '@sched/dashboard-api';
import { InternalService, SchedulerService } from '@sched/rpc/gen';
import { Role, type SoftState } from '@sched/raft';
import type { NodeContext } from '../api/node-context';
import { internalServiceHandlers } from '../api/internal-service';
import { schedulerServiceHandlers } from '../api/scheduler-service';
import { createNodeContext } from '../cluster/node-context-impl';
import { LeaderDuties } from '../cluster/leader-duties';
import { type RunningNode, startNode } from '../cluster/start-node';
import { WorkerHeartbeats } from '../cluster/worker-heartbeats';
import type { ServerConfig } from '../config/server-config';
import { decideTls, type TlsMaterial, TlsStartupError } from '../config/tls-mode';
import { createLogger, type Logger } from '../log/logger';
import { ExecutorUnavailableError, selectExecutor } from '../worker/executor/select-executor';
import type { Executor } from '../worker/executor/executor';
import { monotonicMs } from '../monotonic-clock';
import { LeaseKeeper } from '../worker/lease-keeper';
import { fenceTimings, WorkerAgent } from '../worker/worker-agent';

/** Where `sched server` runs: its error stream and the signals that stop it (injectable for tests). */
export interface ServerEnvironment {
  readonly stderr: { write(text: string): unknown };
  /** Resolves with the name of the first shutdown signal received. */
  readonly shutdownSignal: Promise<'SIGTERM' | 'SIGINT'>;
}

export interface StartedServer {
  readonly node: RunningNode;
  readonly context: NodeContext;
  /** Resolves with the process exit code once the node has shut down. */
  readonly done: Promise<number>;
}

/** How long a leader that is shutting down waits for its leadership transfer. */
const TRANSFER_ON_SHUTDOWN_MS = 2000;
/** Retry period of a job result that did not commit. */
const REPORT_RETRY_MS = 500;

/**
 * `sched server`: decides TLS (REF §2.4) and the worker's executor, starts the node with
 * the client services, the leader's duties and the worker, then waits for SIGTERM/SIGINT
 * and shuts down gracefully: running jobs get --shutdown-grace-ms (30 s) to finish and their results to commit
 * (then they are killed), leadership goes to a peer if this node leads, then serving, Raft
 * and the stores stop; exit 0. A startup failure (TLS, an explicitly requested executor
 * that is unavailable, storage, a port in use) is `Error: <message>` with exit 1.
 */
export async function startServer(config: ServerConfig, env: ServerEnvironment): Promise<StartedServer | number> {
  const log = createLogger(config.logLevel, (line) => env.stderr.write(line)).with({ node: config.nodeId });
  let tls: TlsMaterial | undefined;
  try {
    const decision = decideTls(config.tls, config.peers.length > 0, readFileSync);
    if (decision.mode === 'mtls') {
      tls = decision.material;
      log.info(decision.log);
    } else {
      for (const warning of decision.warnings) log.warn(warning);
      log.warn('Starting gRPC server WITHOUT TLS - not recommended for production');
    }
  } catch (error) {
    if (!(error instanceof TlsStartupError)) throw error;
    env.stderr.write(`Error: ${error.message}\n`);
    return 1;
  }

  let executor: Executor | undefined;
  let advertises: readonly string[] = [];
  try {
    const outputLimitBytes = config.outputLimitBytes;
    const selected = await selectExecutor(config.executor, {
      docker: { defaultImage: config.image, outputLimitBytes },
      sandbox: { outputLimitBytes },
      exec: { outputLimitBytes },
    });
    executor = selected.executor;
    advertises = selected.advertises;
    log.info('Worker executor selected', { executor: executor.kind, reason: selected.reason, isolation: executor.summary });
  } catch (error) {
    if (!(error instanceof ExecutorUnavailableError)) throw error;
    if (config.executor !== undefined) {
      env.stderr.write(`Error: ${error.message}\n`);
      return 1;
    }
    log.warn('This node runs no jobs', { reason: error.message });
  }

  const heartbeats = new WorkerHeartbeats();
  let worker: WorkerAgent | undefined;
  let keeper: LeaseKeeper | undefined;
  const electionTimeoutMs = config.timings.electionTicks * config.timings.tickMs;
  let context: NodeContext | undefined;
  let duties: LeaderDuties | undefined;
  let fatal: (error: Error) => void = () => {};
  const failed = new Promise<Error>((resolve) => (fatal = resolve));
  let node: RunningNode;
  try {
    node = await startNode({
      config,
      tls,
      log,
      services: (router, runtime) => {
        context = createNodeContext(runtime, heartbeats, tls === undefined ? 'http' : 'https');
        router.service(SchedulerService, schedulerServiceHandlers(context));
        router.service(InternalService, internalServiceHandlers(context));
        duties = new LeaderDuties({
          isLeader: () => runtime.driver.status().role === Role.Leader,
          table: () => runtime.machine.table,
          propose: (command) => context!.propose(command, 'internal'),
          heartbeats,
          nowMs: () => Date.now(),
          monotonicMs,
          workerLivenessMs: config.timings.workerLivenessMs,
          intervalMs: 100,
          retentionMs: config.jobRetentionMs,
          // REF checks every 300 s; a shorter retention is checked more often.
          evictEveryMs: Math.min(300_000, config.jobRetentionMs),
          log,
        });
        const ctx = context;
        const fence = fenceTimings({ workerLivenessMs: config.timings.workerLivenessMs, heartbeatMs: config.timings.workerHeartbeatMs, electionTimeoutMs });
        keeper =
          executor === undefined || config.workerSlots === 0
            ? undefined
            : new LeaseKeeper(fence.checkMs, (how) => log.error('Lease keeper exited; jobs are no longer killed while this node is paused', { how }));
        const lease = keeper;
        worker = new WorkerAgent({
          self: config.nodeId,
          slots: executor === undefined ? 0 : config.workerSlots,
          executor,
          advertises,
          heartbeatMs: config.timings.workerHeartbeatMs,
          // The fence (see fenceTimings) stays within what the leader's duties wait for.
          workerLivenessMs: config.timings.workerLivenessMs,
          electionTimeoutMs,
          replayHorizon: runtime.replayHorizon,
          appliedIndex: () => runtime.driver.appliedIndex(),
          defaultTimeoutMs: config.timings.jobTimeoutMs,
          retryMs: REPORT_RETRY_MS,
          table: () => runtime.machine.table,
          isLeader: () => runtime.driver.status().role === Role.Leader,
          leaderAddress: () => {
            const leader = runtime.driver.status().leader;
            return ctx.peers.find((p) => p.id === leader)?.address;
          },
          internalClient: (address) => ctx.internalClient(address),
          recordLocalHeartbeat: (heartbeat, stale) => heartbeats.record(BigInt(config.nodeId), heartbeat, stale),
          propose: (command) => ctx.propose(command, 'internal'),
          draining: () => ctx.draining(),
          monotonicMs,
          ...(lease === undefined ? {} : { renewLease: (untilMs: number) => lease.renew(untilMs) }),
          output: runtime.stores.output,
          outbox: runtime.stores.outbox,
          log,
        });
      },
      onApplied: (result, entry) => {
        worker?.onApplied(result, entry.index);
        if (result.effects.length > 0) duties?.kick();
      },
      onSoftState: (state: SoftState) => {
        if (state.role === Role.Leader) duties?.becameLeader();
        else heartbeats.clear();
      },
      onFatal: (error) => fatal(error),
    });
  } catch (error) {
    env.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  duties!.start();
  worker!.start();
  const dashboard = config.dashboardPort === undefined ? undefined : await startDashboard(config, config.dashboardPort, tls, log);
  const done = Promise.race([
    env.shutdownSignal.then(async (signal) => {
      await dashboard?.close();
      const code = await shutDown(node, duties!, worker!, log, signal);
      keeper?.close();
      return code;
    }),
    failed.then(() => 1),
  ]);
  return { node, context: context!, done };
}

/**
 * `--dashboard-port`: the REST gateway and web page, served by this node over the
 * cluster's gRPC API (this node first). As in the reference, a dashboard that cannot bind
 * is logged and the node runs on without it.
 */
async function startDashboard(config: ServerConfig, port: number, tls: TlsMaterial | undefined, log: Logger): Promise<Dashboard | undefined> {
  const scheme = tls === undefined ? 'http' : 'https';
  const nodes = [config.advertiseAddr, ...config.peers.map((p) => p.address)].map((address) => `${scheme}://${address}`);
  try {
    const dashboard = await createDashboard({ nodes, tls, host: config.listenHost, port });
    log.info('Dashboard listening', { port: dashboard.port });
    return dashboard;
  } catch (error) {
    log.error('Failed to bind dashboard server', { port, error: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

async function shutDown(node: RunningNode, duties: LeaderDuties, worker: WorkerAgent, log: Logger, signal: string): Promise<number> {
  log.info(`Received ${signal}, initiating graceful shutdown`);
  // Jobs first, while this node can still commit their results; then leadership.
  await worker.stop(node.config.timings.shutdownGraceMs);
  duties.stop();
  const status = node.driver.status();
  if (status.role === Role.Leader) {
    const target = [...status.progress.entries()]
      .filter(([id]) => id !== node.config.nodeId)
      .sort(([, a], [, b]) => b.match - a.match)[0]?.[0];
    if (target !== undefined) {
      const outcome = await Promise.race([
        node.driver.transferLeadership(target).then((s) => (s.leader === target ? 'transferred' : 'not transferred'), () => 'not transferred'),
        new Promise<string>((r) => setTimeout(() => r('timed out'), TRANSFER_ON_SHUTDOWN_MS).unref()),
      ]);
      log.info('Leadership transfer on shutdown', { target, outcome });
    }
  }
  await node.stop();
  log.info('Graceful shutdown complete');
  return 0;
}
