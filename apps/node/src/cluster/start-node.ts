import { randomInt } from 'node:crypto';
import type { ConnectRouter } from '@connectrpc/connect';
import { type Entry, RawNode, SeededRng, type SoftState } from '@sched/raft';
import { type ClientPool, createClientPool, raftv1, type RpcServer, startRpcServer, type TlsMaterial } from '@sched/rpc';
import type { ApplyResult } from '@sched/scheduler';
import { type NodeStores, openNodeStores } from '@sched/storage';
import type { ServerConfig } from '../config/server-config';
import type { Logger } from '../log/logger';
import { RaftDriver } from '../raft/raft-driver';
import { PeerTransport } from '../raft/peer-transport';
import { raftServiceHandlers } from '../raft/raft-service';
import { PeerLiveness } from './peer-liveness';
import { TableMachine } from './table-machine';

export interface NodeRuntime {
  readonly config: ServerConfig;
  /**
   * Resolves with the index up to which this node's log records what was decided before
   * this process started: max(the commit index it had persisted, the commit index a leader
   * confirmed after it started — see RaftDriver.commitAtStart). The previous process
   * applied no further than its persisted commit (commit is persisted before apply); a node
   * that lost its data (or restarted from an older copy) knows nothing of what its previous
   * process applied, and the leader's commit covers it all.
   */
  readonly replayHorizon: Promise<number>;
  readonly driver: RaftDriver<ApplyResult>;
  readonly machine: TableMachine;
  readonly stores: NodeStores;
  readonly liveness: PeerLiveness;
  readonly pool: ClientPool;
  readonly log: Logger;
}

export interface StartNodeOptions {
  readonly config: ServerConfig;
  /** Present in mTLS mode: the server requires client certificates, and every client presents one. */
  readonly tls: TlsMaterial | undefined;
  readonly log: Logger;
  /** Registers the client-facing services on the node's gRPC port. */
  readonly services?: (router: ConnectRouter, runtime: NodeRuntime) => void;
  /** Every apply result on this node, in log order (local reactions: run or kill a job, wake the leader). */
  readonly onApplied?: (result: ApplyResult, entry: Entry) => void;
  readonly onSoftState?: (state: SoftState) => void;
  /** Raft stopped on a storage or state-machine failure; the node has been stopped. */
  readonly onFatal?: (error: Error) => void;
  /**
   * Fault injection for tests: whether Raft traffic from `from` to `to` may pass (checked
   * when sending and when receiving, so a partition cuts both directions). Default: always.
   */
  readonly linkUp?: (from: number, to: number) => boolean;
}

export interface RunningNode extends NodeRuntime {
  /** The gRPC port actually bound. */
  readonly port: number;
  /** Stops serving, then Raft, then closes the stores. Idempotent. */
  stop(): Promise<void>;
}

/** Bytes beyond the output limit kept for the executor's truncation marker. */
const OUTPUT_MARKER_ROOM = 256;
/** Deadline of one node-to-node Raft RPC. */
const RAFT_RPC_TIMEOUT_MS = 1000;
/** Default deadline of other node-to-node calls (forwarding, output fetches). */
const CALL_TIMEOUT_MS = 2000;

/**
 * Composes one node: its stores (SQLite under --data-dir, else memory), Raft over them
 * with the job table as state machine, the peer transport, and one gRPC server carrying
 * RaftService and the client services. Every connection uses the cluster's TLS, if any.
 */
export async function startNode(options: StartNodeOptions): Promise<RunningNode> {
  const { config, tls, log } = options;
  const voters = [config.nodeId, ...config.peers.map((p) => p.id)];
  // The executor caps each stream at --output-limit-bytes and appends its truncation marker;
  // the store keeps room for that marker, so the marker (with its byte count) survives.
  const stores = openNodeStores({ dataDir: config.dataDir, conf: { voters }, outputCap: config.outputLimitBytes + OUTPUT_MARKER_ROOM });
  const persistedCommit = stores.raft.initialState().hardState.commit;
  const machine = new TableMachine(undefined, (result, entry) => options.onApplied?.(result, entry));
  const liveness = new PeerLiveness(config.timings.peerLivenessMs, () => performance.now());
  const pool = createClientPool({ tls, defaultTimeoutMs: CALL_TIMEOUT_MS });
  const scheme = tls === undefined ? 'http' : 'https';
  let driver: RaftDriver<ApplyResult> | undefined;
  const linkUp = options.linkUp ?? (() => true);
  const transport = new PeerTransport({
    self: config.nodeId,
    linkUp: (peer) => linkUp(config.nodeId, peer),
    peers: config.peers.map((p) => ({ id: p.id, url: `${scheme}://${p.address}` })),
    pool,
    rpcTimeoutMs: RAFT_RPC_TIMEOUT_MS,
    onUnreachable: (peer) => driver?.reportUnreachable(peer),
    onContact: (peer) => liveness.heard(peer),
  });
  driver = new RaftDriver<ApplyResult>({
    node: new RawNode({
      id: config.nodeId,
      storage: stores.raft,
      // The election jitter needs no determinism here; the simulator covers that.
      rng: new SeededRng(randomInt(2 ** 31)),
      electionTick: config.timings.electionTicks,
      heartbeatTick: config.timings.heartbeatTicks,
    }),
    storage: stores.raft,
    stateMachine: machine,
    transport,
    tickMs: config.timings.tickMs,
    proposalQueueCapacity: config.proposalQueue,
    commitDeadlineMs: config.timings.commitDeadlineMs,
    snapshotEvery: config.snapshotEvery,
    compactionMargin: Math.min(1000, config.snapshotEvery),
    onSoftState: (s: SoftState) => {
      log.info(s.role === 'leader' ? 'Became leader' : 'Raft state changed', { role: s.role, term: s.term, leader: s.leader });
      options.onSoftState?.(s);
    },
    onFatal: (error) => {
      log.error('Raft stopped on a fatal error; the node cannot continue', { error: error.message });
      void running.stop().then(() => options.onFatal?.(error));
    },
    log,
  });
  const replayHorizon = driver.commitAtStart().then((commit) => Math.max(persistedCommit, commit));
  const runtime: NodeRuntime = { config, replayHorizon, driver, machine, stores, liveness, pool, log };
  const peerIds = new Set(config.peers.map((p) => p.id));
  let server: RpcServer;
  try {
    server = await startRpcServer({
      host: config.listenHost,
      port: config.port,
      tls,
      routes: (router) => {
        router.service(
          raftv1.RaftService,
          raftServiceHandlers({
            self: config.nodeId,
            peers: peerIds,
            receive: (from, messages) => {
              if (!linkUp(from, config.nodeId)) return;
              liveness.heard(from);
              runtime.driver.receive(messages);
            },
          }),
        );
        options.services?.(router, runtime);
      },
    });
  } catch (error) {
    driver.stop();
    pool.close();
    stores.close();
    throw error;
  }
  driver.start();
  log.info('Starting sched node', { node: config.nodeId, port: server.port, peers: config.peers.length, tls: tls !== undefined, durable: stores.durable });

  let stopping: Promise<void> | undefined;
  const running: RunningNode = {
    ...runtime,
    port: server.port,
    stop: () =>
      (stopping ??= (async () => {
        await server.close();
        runtime.driver.stop();
        transport.close();
        pool.close();
        stores.close();
      })()),
  };
  return running;
}
