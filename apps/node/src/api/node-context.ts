import type { Command } from '@sched/rpc/gen';
import type { ProposalLane } from '../raft/raft-driver';
import type { Client } from '@connectrpc/connect';
import type { NodeStatus, SoftState } from '@sched/raft';
import type { ApplyResult, Heartbeat, JobTable } from '@sched/scheduler';
import type { OutputStore } from '@sched/storage';
import type { InternalService, SchedulerService } from '@sched/rpc/gen';
import type { ServerConfig } from '../config/server-config';

/** A cluster member as this node knows it: id, dialable `host:port`, and (on the leader) liveness. */
export interface Member {
  readonly id: number;
  /** This node: --advertise-addr; a peer: its --peers address (REF §2.3). */
  readonly address: string;
}

/**
 * Everything the gRPC handlers of one node need, and nothing else: the seam between the
 * API layer and the node runtime, so handlers are tested against a fake.
 *
 * Contracts:
 * - `propose` resolves with the apply result once the command is committed AND applied on
 *   this node; it rejects with a RaftFailure (apps/node/src/raft/errors.ts) otherwise.
 * - `table()` is this node's applied job table (possibly behind the leader on a follower);
 *   callers must not keep it across awaits (a snapshot install replaces it).
 * - `nowMs()` is this node's wall clock, used only by the leader to stamp commands.
 */
export interface NodeContext {
  readonly config: ServerConfig;
  readonly self: Member;
  readonly peers: readonly Member[];
  raftStatus(): NodeStatus;
  table(): JobTable;
  /** `lane`: 'client' for SubmitJob and CancelJob; 'internal' for what finishes admitted work. */
  propose(command: Command, lane: ProposalLane): Promise<ApplyResult>;
  /** Resolves once a linearizable read of the local table is possible (read index applied). */
  readIndex(): Promise<void>;
  transferLeadership(to: number): Promise<SoftState>;
  setCampaignEnabled(enabled: boolean): void;
  /** Whether peer `id` answered any Raft RPC within the peer liveness window (meaningful on the leader). */
  peerAlive(id: number): boolean;
  /** Entries of the local Raft log for `GetRaftLogEntries` (leader-side), in [lo, hi). */
  logEntries(lo: number, hi: number): readonly { index: number; term: number; data: Uint8Array }[];
  readonly output: OutputStore;
  /** Clients of other nodes' services, pooled, with deadlines and the cluster's TLS. */
  schedulerClient(address: string): Client<typeof SchedulerService>;
  internalClient(address: string): Client<typeof InternalService>;
  draining(): boolean;
  /** Sets this node's drain flag; its worker's heartbeats carry it to the leader. */
  setDraining(draining: boolean): void;
  /**
   * Keeps a worker's latest heartbeat in this (leader) node's memory, for the runtime's
   * worker reconciliation; not replicated. `heartbeat.atMs` is this node's monotonicMs(); `staleAttempts`:
   * the worker restarted and the table still shows attempts running on it.
   */
  recordHeartbeat(workerId: bigint, heartbeat: Heartbeat, staleAttempts: boolean): void;
  nowMs(): number;
  /** This node's monotonic clock (ms, arbitrary origin): what worker liveness is timed on. */
  monotonicMs(): number;
  newJobId(): string;
}
