import { randomUUID } from 'node:crypto';
import { toBinary } from '@bufbuild/protobuf';
import type { Client } from '@connectrpc/connect';
import { NONE, type NodeStatus, ProgressState, Role, type SoftState } from '@sched/raft';
import type { ClientPool } from '@sched/rpc';
import { type Command, CommandSchema, InternalService, SchedulerService } from '@sched/rpc/gen';
import { type ApplyResult, type Heartbeat, JobTable } from '@sched/scheduler';
import { MemoryOutputStore } from '@sched/storage';
import { parseServerConfig, type ServerConfig } from '../config/server-config';
import type { ProposalLane } from '../raft/raft-driver';
import type { Member, NodeContext } from './node-context';

export interface FakeNodeOptions {
  readonly id?: number;
  readonly peers?: readonly Member[];
  /** Active-job capacity of the table (default 10,000). */
  readonly capacity?: number;
  /** Clients of other nodes; without one, schedulerClient/internalClient throw. */
  readonly pool?: ClientPool;
}

export const FAKE_CLOCK_MS = 1_700_000_000_000;
/** Where the fake's monotonic clock starts: far from the wall clock, so a mix-up shows. */
export const FAKE_MONOTONIC_MS = 5_000;

/**
 * A NodeContext backed by a real JobTable and MemoryOutputStore, with Raft faked: the node
 * is the leader of term 1 unless told otherwise, and `propose` appends the command to an
 * in-memory log, commits and applies it at once. Tests steer it through its public fields:
 * replace `proposeImpl` / `readIndexImpl` / `transferImpl` to fail, stall or race; set
 * `clock` (wall) or `monotonicClock`, liveness (`alive`), replication progress (`match`), or the log window.
 */
export class FakeNode implements NodeContext {
  readonly config: ServerConfig;
  readonly self: Member;
  peers: Member[];
  readonly output = new MemoryOutputStore();
  role: Role = Role.Leader;
  /** The leader a non-leader knows (NONE: unknown). */
  leader = NONE;
  term = 1;
  clock = FAKE_CLOCK_MS;
  monotonicClock = FAKE_MONOTONIC_MS;
  log: { index: number; term: number; data: Uint8Array }[] = [];
  /** First index still in the log (entries before it were compacted). */
  firstIndex = 1;
  commit = 0;
  readonly alive = new Set<number>();
  readonly match = new Map<number, number>();
  readonly heartbeats = new Map<bigint, Heartbeat>();
  campaignEnabled = true;
  proposeImpl: (command: Command) => Promise<ApplyResult> = async (command) => this.apply(command);
  /** The lane of every proposal, in order. */
  readonly lanes: ProposalLane[] = [];
  readIndexImpl: () => Promise<void> = async () => undefined;
  transferImpl: (to: number) => Promise<SoftState> = async (to) => {
    this.becomeFollower(to);
    this.term++;
    return this.softState();
  };
  private jobs: JobTable;
  private isDraining = false;

  constructor(private readonly options: FakeNodeOptions = {}) {
    const id = options.id ?? 1;
    this.config = parseServerConfig({ nodeId: String(id) }, { cpuCount: 2, env: {} });
    this.self = { id, address: `127.0.0.1:${50050 + id}` };
    this.peers = [...(options.peers ?? [])];
    this.jobs = JobTable.create(options.capacity === undefined ? {} : { capacity: options.capacity });
  }

  becomeLeader(): void {
    this.role = Role.Leader;
    this.leader = this.self.id;
  }

  becomeFollower(leader: number): void {
    this.role = Role.Follower;
    this.leader = leader;
  }

  /** Appends `command` to the log, commits and applies it (what a committed proposal does). */
  apply(command: Command): ApplyResult {
    const index = this.lastIndex() + 1;
    this.log.push({ index, term: this.term, data: toBinary(CommandSchema, command) });
    this.commit = index;
    return this.jobs.apply(command, { index, term: this.term });
  }

  lastIndex(): number {
    return this.log[this.log.length - 1]?.index ?? this.firstIndex - 1;
  }

  softState(): SoftState {
    return { role: this.role, leader: this.role === Role.Leader ? this.self.id : this.leader, term: this.term, transferee: NONE };
  }

  raftStatus(): NodeStatus {
    const progress = new Map([...this.match].map(([id, match]) => [id, { match, next: match + 1, state: ProgressState.Replicate, recentActive: true }]));
    return {
      ...this.softState(),
      hardState: { term: this.term, vote: NONE, commit: this.commit },
      applied: this.commit,
      firstIndex: this.firstIndex,
      lastIndex: this.lastIndex(),
      voters: [this.self.id, ...this.peers.map((p) => p.id)],
      progress,
    };
  }

  table(): JobTable {
    return this.jobs;
  }

  propose(command: Command, lane: ProposalLane): Promise<ApplyResult> {
    this.lanes.push(lane);
    return this.proposeImpl(command);
  }

  readIndex(): Promise<void> {
    return this.readIndexImpl();
  }

  transferLeadership(to: number): Promise<SoftState> {
    return this.transferImpl(to);
  }

  setCampaignEnabled(enabled: boolean): void {
    this.campaignEnabled = enabled;
  }

  peerAlive(id: number): boolean {
    return this.alive.has(id);
  }

  logEntries(lo: number, hi: number): readonly { index: number; term: number; data: Uint8Array }[] {
    return this.log.filter((e) => e.index >= lo && e.index < hi);
  }

  schedulerClient(address: string): Client<typeof SchedulerService> {
    return this.pool().client(SchedulerService, `http://${address}`);
  }

  internalClient(address: string): Client<typeof InternalService> {
    return this.pool().client(InternalService, `http://${address}`);
  }

  draining(): boolean {
    return this.isDraining;
  }

  setDraining(draining: boolean): void {
    this.isDraining = draining;
  }

  recordHeartbeat(workerId: bigint, heartbeat: Heartbeat): void {
    this.heartbeats.set(workerId, heartbeat);
  }

  nowMs(): number {
    return this.clock;
  }

  monotonicMs(): number {
    return this.monotonicClock;
  }

  newJobId(): string {
    return randomUUID();
  }

  private pool(): ClientPool {
    if (this.options.pool === undefined) throw new Error('FakeNode has no client pool');
    return this.options.pool;
  }
}
