import type { Entry, Message, PersistBatch, Snapshot, Storage } from '@sched/raft';

/** A Raft storage the driver can write each Ready into (one atomic, durable write). */
export interface DurableStorage extends Storage {
  save(batch: PersistBatch): void;
  /** Records the application's snapshot at `index` and may drop entries up to `compactTo`. */
  createSnapshot(index: number, data: Uint8Array): Snapshot;
  compact(index: number): void;
}

/**
 * The replicated application. `apply` is called once per committed entry, in log order,
 * on every node; its return value is handed to whoever proposed that entry on this node.
 */
export interface ReplicatedStateMachine<R> {
  apply(entry: Entry): R;
  restore(snapshot: Snapshot): void;
  /** The encoded state after the last applied entry. */
  snapshot(): Uint8Array;
}

/** Carries messages to peers; must not throw (a lost message is Raft's problem, not the caller's). */
export interface Transport {
  send(messages: readonly Message[]): void;
}
