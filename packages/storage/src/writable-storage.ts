import type { PersistBatch, Snapshot, Storage } from '@sched/raft';

/**
 * A Raft `Storage` together with the writes the application makes to it, as MemoryStorage
 * defines them: `save` one Ready's batch; `createSnapshot` at an applied index; `compact`
 * the entries a snapshot covers. Implemented by MemoryStorage and SqliteStorage.
 */
export interface WritableStorage extends Storage {
  save(batch: PersistBatch): void;
  createSnapshot(index: number, data: Uint8Array): Snapshot;
  compact(index: number): void;
}
