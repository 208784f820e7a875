import { type ConfState, type Entry, type EntryKind, type HardState, MemoryStorage, type Snapshot } from '@sched/raft';
import type Database from 'better-sqlite3';
import { asUint8Array } from './bytes';
import { StorageError } from './storage-error';

type EntryRow = [idx: number, term: number, kind: number, data: Buffer];
interface SnapshotRow { idx: number; term: number; voters: string; data: Buffer }
interface HardStateRow { term: number; vote: number; commit_index: number }
interface LogStartRow { idx: number; term: number }

const OPERATION = 'recovering the Raft log';

/**
 * Rebuilds the in-memory image of a Raft log file by replaying, through MemoryStorage's
 * own operations, writes that leave it in the stored state:
 *   install a snapshot at C (the real one when it is at C), append C+1..L, then record
 *   the real snapshot if it is past C, then the hard state.
 * Checks what the schema cannot: entries are exactly C+1..L, the snapshot is at or after
 * C and agrees with the log on its term. A violation is `corrupt`.
 */
export function recoverLog(db: Database.Database): MemoryStorage {
  const file = db.name;
  const start = db.prepare('SELECT idx, term FROM log_start').get() as LogStartRow;
  const snap = readSnapshot(db, file);
  const hs = db.prepare('SELECT term, vote, commit_index FROM hard_state').get() as HardStateRow;
  if (snap.meta.index < start.idx) {
    throw corrupt(file, `snapshot at ${snap.meta.index} is older than the log start ${start.idx}`);
  }

  const log = new MemoryStorage(snap.meta.conf);
  const atStart = snap.meta.index === start.idx;
  log.applySnapshot(atStart ? snap : { meta: { index: start.idx, term: start.term, conf: snap.meta.conf }, data: new Uint8Array(0) });
  const entries = readEntries(db, file, start.idx);
  if (entries.length > 0) log.append(entries);
  if (!atStart) {
    if (log.term(snap.meta.index) !== snap.meta.term) {
      throw corrupt(file, `snapshot at ${snap.meta.index} has term ${snap.meta.term}, the log has ${String(log.term(snap.meta.index))}`);
    }
    log.createSnapshot(snap.meta.index, snap.data);
  }
  const hardState: HardState = { term: hs.term, vote: hs.vote, commit: hs.commit_index };
  log.save({ hardState, entries: [], snapshot: undefined });
  return log;
}

/** Writes the snapshot row of a fresh file: empty, at index 0, with the initial membership. */
export function initialiseSnapshot(db: Database.Database, conf: ConfState): void {
  db.prepare("INSERT OR IGNORE INTO snapshot (id, idx, term, voters, data) VALUES (1, 0, 0, ?, x'')").run(JSON.stringify(conf.voters));
}

export function hasSnapshot(db: Database.Database): boolean {
  return db.prepare('SELECT count(*) FROM snapshot').pluck().get() === 1;
}

function readSnapshot(db: Database.Database, file: string): Snapshot {
  const row = db.prepare('SELECT idx, term, voters, data FROM snapshot').get() as SnapshotRow;
  const voters = parseVoters(row.voters);
  if (voters === undefined) throw corrupt(file, `snapshot voters ${row.voters} are not a list of node ids`);
  return { meta: { index: row.idx, term: row.term, conf: { voters } }, data: asUint8Array(row.data) };
}

function parseVoters(text: string): number[] | undefined {
  try {
    const voters: unknown = JSON.parse(text);
    return Array.isArray(voters) && voters.every((v) => Number.isSafeInteger(v) && v > 0) ? voters : undefined;
  } catch {
    return undefined;
  }
}

function readEntries(db: Database.Database, file: string, start: number): Entry[] {
  const rows = db.prepare('SELECT idx, term, kind, data FROM entries ORDER BY idx').raw().iterate() as IterableIterator<EntryRow>;
  const entries: Entry[] = [];
  for (const [index, term, kind, data] of rows) {
    const expected = start + entries.length + 1;
    if (index !== expected) throw corrupt(file, `entry ${index} found where ${expected} was expected`);
    entries.push({ index, term, kind: kind as EntryKind, data: asUint8Array(data) });
  }
  return entries;
}

function corrupt(file: string, detail: string): StorageError {
  return new StorageError('corrupt', file, OPERATION, { detail });
}
