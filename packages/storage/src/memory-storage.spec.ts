import { MemoryStorage } from './index';
import { describeStorageContract } from './storage-contract.test-util';

// The in-memory Raft storage is @sched/raft's own, re-exported; it must meet the same
// contract as the durable one.
describeStorageContract('MemoryStorage', {
  create: (conf) => new MemoryStorage(conf),
  dispose: () => undefined,
});
