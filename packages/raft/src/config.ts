import type { Rng } from './rng';
import type { Storage } from './storage';
import type { NodeId } from './types';

export interface Config {
  /** This node's id, > 0 and one of the voters in storage's membership. */
  readonly id: NodeId;
  readonly storage: Storage;
  /** Seeded randomness for election timeouts; the library has no other source. */
  readonly rng: Rng;
  /**
   * Ticks without hearing from a leader before a follower campaigns; each timeout is drawn
   * uniformly from [electionTick, 2 * electionTick]. Also the check-quorum and
   * leadership-transfer window.
   */
  readonly electionTick: number;
  /** Ticks between a leader's heartbeats; must be < electionTick. */
  readonly heartbeatTick: number;
  /** Index the application's state machine has already applied (on restart); default: the snapshot's index. */
  readonly applied?: number;
  /** Byte budget of the entries in one Append message (at least one entry is always sent). */
  readonly maxSizePerMsg?: number;
  /** Append messages in flight to one follower. */
  readonly maxInflightMsgs?: number;
  /** Bytes of entries in flight to one follower. */
  readonly maxInflightBytes?: number;
  /** Byte budget of the committed entries handed out in one Ready. */
  readonly maxCommittedSizePerReady?: number;
  /** Bytes of snapshot data in one Snapshot message. */
  readonly maxSnapshotChunkBytes?: number;
  /** Pre-vote (thesis §9.6): a partitioned node rejoining cannot force an election. Default true. */
  readonly preVote?: boolean;
  /** Check-quorum: a leader that has not heard from a majority for electionTick steps down. Default true. */
  readonly checkQuorum?: boolean;
}

export type ResolvedConfig = Required<Omit<Config, 'applied'>> & { readonly applied: number | undefined };

export const DEFAULTS = {
  maxSizePerMsg: 1024 * 1024,
  maxInflightMsgs: 64,
  maxInflightBytes: 16 * 1024 * 1024,
  maxCommittedSizePerReady: 16 * 1024 * 1024,
  maxSnapshotChunkBytes: 512 * 1024,
  preVote: true,
  checkQuorum: true,
} as const;

/** Fills defaults and rejects settings Raft cannot run with. */
export function resolveConfig(config: Config): ResolvedConfig {
  const resolved: ResolvedConfig = { ...DEFAULTS, ...config, applied: config.applied };
  const positive: (keyof ResolvedConfig)[] = [
    'id',
    'electionTick',
    'heartbeatTick',
    'maxSizePerMsg',
    'maxInflightMsgs',
    'maxInflightBytes',
    'maxCommittedSizePerReady',
    'maxSnapshotChunkBytes',
  ];
  for (const key of positive) {
    const value = resolved[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
      throw new RangeError(`raft config: ${key} must be a positive integer, got ${String(value)}`);
    }
  }
  if (resolved.heartbeatTick >= resolved.electionTick) {
    throw new RangeError(`raft config: heartbeatTick (${resolved.heartbeatTick}) must be less than electionTick (${resolved.electionTick})`);
  }
  return resolved;
}
