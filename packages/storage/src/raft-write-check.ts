import type { MemoryStorage, PersistBatch } from '@sched/raft';

/*
 * The preconditions of MemoryStorage's writes, checked before SqliteStorage writes
 * anything: a write Raft should never ask for fails with the same RangeError on both
 * implementations and leaves both the file and the memory untouched (MemoryStorage
 * itself would apply a batch's snapshot before noticing its entries are out of place).
 */

export function checkBatch(log: MemoryStorage, batch: PersistBatch): void {
  let first = log.firstIndex();
  let last = log.lastIndex();
  if (batch.snapshot !== undefined) {
    const index = batch.snapshot.meta.index;
    const stored = log.snapshot().meta.index;
    if (index < stored) throw new RangeError(`snapshot ${index} is older than stored snapshot ${stored}`);
    first = index + 1;
    last = index;
  }
  const head = batch.entries[0];
  if (head !== undefined && (head.index < first || head.index > last + 1)) {
    throw new RangeError(`append at ${head.index} leaves a gap or rewrites compacted entries (stored [${first}, ${last}])`);
  }
}

/** Returns the term of the entry the snapshot will end at. */
export function checkCreateSnapshot(log: MemoryStorage, index: number): number {
  const term = log.term(index);
  if (term === undefined || index < log.snapshot().meta.index) {
    throw new RangeError(`cannot snapshot at ${index}: stored range is [${log.firstIndex() - 1}, ${log.lastIndex()}]`);
  }
  return term;
}

/** Returns the term of the entry that becomes the last compacted one. */
export function checkCompact(log: MemoryStorage, index: number): number {
  const term = log.term(index);
  const snapshot = log.snapshot().meta.index;
  if (index > snapshot || term === undefined) {
    throw new RangeError(`cannot compact to ${index}: latest snapshot is at ${snapshot}, last entry at ${log.lastIndex()}`);
  }
  return term;
}
