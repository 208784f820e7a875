import { MemoryStorage } from '../memory-storage';
import { RawNode } from '../raw-node';
import { SeededRng } from '../rng';
import { type NodeId, Role } from '../types';
import { SimStateMachine } from './sim-state-machine';

export interface SimNodeTuning {
  readonly electionTick: number;
  readonly heartbeatTick: number;
  readonly maxSizePerMsg: number;
  readonly maxInflightMsgs: number;
  readonly maxSnapshotChunkBytes: number;
}

/**
 * One simulated server: durable storage that survives crashes, and a Raft node and state
 * machine that do not. A crash loses everything not yet saved to `storage`.
 */
export class SimNode {
  readonly storage: MemoryStorage;
  node: RawNode | undefined;
  sm = new SimStateMachine();
  paused = false;
  /** Role and term as last reported in a Ready (reset by a crash). */
  role = Role.Follower;
  term = 0;
  private incarnation = 0;

  constructor(
    readonly id: NodeId,
    voters: readonly NodeId[],
    private readonly seed: number,
    private readonly tuning: SimNodeTuning,
  ) {
    this.storage = new MemoryStorage({ voters });
  }

  get alive(): boolean {
    return this.node !== undefined;
  }

  /** (Re)starts from what the storage holds: the state machine from the latest snapshot, Raft from its hard state and log. */
  start(): void {
    const snapshot = this.storage.snapshot();
    this.sm = SimStateMachine.decode(snapshot.data);
    this.incarnation++;
    this.node = new RawNode({
      id: this.id,
      storage: this.storage,
      rng: new SeededRng((this.seed * 31 + this.id * 7919 + this.incarnation * 104729) >>> 0),
      applied: snapshot.meta.index,
      ...this.tuning,
    });
    this.paused = false;
  }

  crash(): void {
    this.node = undefined;
    this.role = Role.Follower;
  }
}
