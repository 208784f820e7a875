import { randomUUID } from 'node:crypto';
import { toBinary } from '@bufbuild/protobuf';
import { type Command, CommandSchema, InternalService, SchedulerService } from '@sched/rpc/gen';
import type { Heartbeat } from '@sched/scheduler';
import type { Member, NodeContext } from '../api/node-context';
import { monotonicMs } from '../monotonic-clock';
import type { NodeRuntime } from './start-node';
import type { WorkerHeartbeats } from './worker-heartbeats';

/**
 * The NodeContext of a running node: the API handlers' view of the runtime. `scheme` is
 * `https` in mTLS clusters, so forwarded calls and output fetches use the cluster's TLS.
 */
export function createNodeContext(runtime: NodeRuntime, heartbeats: WorkerHeartbeats, scheme: 'http' | 'https'): NodeContext {
  const { config, driver, machine, stores, liveness, pool } = runtime;
  const self: Member = { id: config.nodeId, address: config.advertiseAddr };
  const peers: Member[] = config.peers.map((p) => ({ id: p.id, address: p.address }));
  let draining = false;
  return {
    config,
    self,
    peers,
    raftStatus: () => driver.status(),
    table: () => machine.table,
    propose: (command, lane) => driver.propose(toBinary(CommandSchema, command), lane),
    readIndex: async () => {
      await driver.readIndex();
    },
    transferLeadership: (to) => driver.transferLeadership(to),
    setCampaignEnabled: (enabled) => driver.setCampaignEnabled(enabled),
    peerAlive: (id) => liveness.alive(id),
    logEntries: (lo, hi) => {
      const first = stores.raft.firstIndex();
      const last = stores.raft.lastIndex();
      const from = Math.max(lo, first);
      const to = Math.min(hi, last + 1);
      return from < to ? stores.raft.entries(from, to, Number.MAX_SAFE_INTEGER) : [];
    },
    output: stores.output,
    schedulerClient: (address) => pool.client(SchedulerService, `${scheme}://${address}`),
    internalClient: (address) => pool.client(InternalService, `${scheme}://${address}`),
    draining: () => draining,
    setDraining: (value) => {
      draining = value;
    },
    recordHeartbeat: (workerId: bigint, heartbeat: Heartbeat, staleAttempts: boolean) => heartbeats.record(workerId, heartbeat, staleAttempts),
    nowMs: () => Date.now(),
    monotonicMs,
    newJobId: () => randomUUID(),
  };
}
