import { type Entry, EntryKind, type HardState, type PersistBatch, type Rng, type Snapshot } from '@sched/raft';
import type { WritableStorage } from '@sched/storage';

/**
 * The writes of the crash test, as small JSON-able descriptions that the child applies to
 * the SQLite log and the parent replays on its MemoryStorage model. Entry and snapshot
 * bytes are a function of (index, term), so a description is enough to rebuild them.
 *
 * The generator keeps to what Raft would ask for: terms and commit never go back,
 * only uncommitted entries are overwritten, snapshots are taken at the commit index and
 * compaction stays at or below the snapshot.
 */
export type CrashOp =
  | { readonly kind: 'save'; readonly from: number; readonly count: number; readonly term: number; readonly hardState?: HardState; readonly snapshot?: { readonly index: number; readonly term: number } }
  | { readonly kind: 'create-snapshot'; readonly index: number }
  | { readonly kind: 'compact'; readonly index: number };

export const CRASH_CONF = { voters: [1, 2, 3] };

const BATCH_SIZES = [1, 1, 2, 5, 10, 50, 100, 300, 1000];

export function nextOp(s: WritableStorage, rng: Rng): CrashOp {
  const hs = s.initialState().hardState;
  const last = s.lastIndex();
  const snapIndex = s.snapshot().meta.index;
  const term = Math.max(hs.term, 1);
  const roll = rng.nextInt(100);
  if (roll < 60 || hs.term === 0) {
    const count = BATCH_SIZES[rng.nextInt(BATCH_SIZES.length)]!;
    const commit = Math.min(last + count, hs.commit + rng.nextInt(last + count - hs.commit + 1));
    return { kind: 'save', from: last + 1, count, term, hardState: { term, vote: hs.vote === 0 ? 1 : hs.vote, commit } };
  }
  if (roll < 72) {
    // A new leader overwrites part of the uncommitted suffix.
    const from = hs.commit + 1 + rng.nextInt(last - hs.commit + 1);
    return { kind: 'save', from, count: 1 + rng.nextInt(20), term: term + 1, hardState: { term: term + 1, vote: 1 + rng.nextInt(3), commit: hs.commit } };
  }
  if (roll < 80) {
    return { kind: 'save', from: last + 1, count: 0, term, hardState: { term: term + 1, vote: 1 + rng.nextInt(3), commit: hs.commit } };
  }
  if (roll < 88 && hs.commit > snapIndex) return { kind: 'create-snapshot', index: hs.commit };
  if (roll < 96) return { kind: 'compact', index: Math.max(0, snapIndex - rng.nextInt(5)) };
  // A snapshot from the leader, past the end of the log, and a few entries after it.
  const index = last + 1 + rng.nextInt(50);
  return { kind: 'save', from: index + 1, count: rng.nextInt(10), term, snapshot: { index, term }, hardState: { term, vote: hs.vote, commit: index } };
}

export function applyOp(s: WritableStorage, op: CrashOp): void {
  switch (op.kind) {
    case 'save':
      s.save(toBatch(op));
      return;
    case 'create-snapshot':
      s.createSnapshot(op.index, bytesFor(op.index, 0, 64));
      return;
    case 'compact':
      s.compact(op.index);
      return;
  }
}

function toBatch(op: Extract<CrashOp, { kind: 'save' }>): PersistBatch {
  const entries: Entry[] = [];
  for (let i = op.from; i < op.from + op.count; i++) entries.push(entryFor(i, op.term));
  const snapshot: Snapshot | undefined =
    op.snapshot === undefined ? undefined : { meta: { ...op.snapshot, conf: CRASH_CONF }, data: bytesFor(op.snapshot.index, op.snapshot.term, 64) };
  return { entries, hardState: op.hardState, snapshot };
}

function entryFor(index: number, term: number): Entry {
  return { index, term, kind: EntryKind.Normal, data: bytesFor(index, term, (index * 7 + term * 13) % 200) };
}

function bytesFor(index: number, term: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = (index * 2654435761 + term * 40503) >>> 0;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
