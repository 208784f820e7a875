// @sched/storage: the node's memory across restarts — the Raft log (SQLite or memory)
// and the output of the jobs it ran. See docs/storage.md for the durability guarantee.
export { MemoryStorage } from '@sched/raft';
export type { WritableStorage } from './writable-storage';
export { SqliteStorage } from './sqlite-storage';
export { openDatabase, type Schema } from './open-database';
export { RAFT_SCHEMA } from './raft-schema';
export { OUTPUT_SCHEMA } from './output-schema';
export { StorageError, type StorageErrorCode } from './storage-error';
export {
  type CapturedStream,
  DEFAULT_OUTPUT_CAP,
  type JobOutput,
  type OutputStore,
  type OutputStream,
} from './output-store';
export { MemoryOutputStore } from './memory-output-store';
export { MemoryReportOutbox, type ReportOutbox } from './report-outbox';
export { OUTBOX_SCHEMA, SqliteReportOutbox } from './sqlite-report-outbox';
export { SqliteOutputStore } from './sqlite-output-store';
export { DATA_FILES, type NodeStores, type NodeStoresOptions, openNodeStores } from './node-stores';
