import type { Entry, HardState, Snapshot } from './types';

/**
 * Everything one `Ready` asks the application to make durable, as one atomic write:
 * first the snapshot (which replaces the whole log up to and including its index), then
 * the entries (which replace any stored entries from `entries[0].index` on), then the
 * hard state. A storage must make all of it durable, or none of it, before
 * `Ready.persisted()` is called.
 */
export interface PersistBatch {
  readonly hardState: HardState | undefined;
  readonly entries: readonly Entry[];
  readonly snapshot: Snapshot | undefined;
}
