import type { ConfState, Entry, InitialState, MemoryStorage, PersistBatch, Snapshot } from '@sched/raft';
import type Database from 'better-sqlite3';
import { toStorageError } from './classify-error';
import { openDatabase } from './open-database';
import { RAFT_SCHEMA } from './raft-schema';
import { RaftStatements } from './raft-statements';
import { hasSnapshot, initialiseSnapshot, recoverLog } from './raft-recovery';
import { SqliteFile } from './sqlite-file';
import type { WritableStorage } from './writable-storage';

/**
 * A durable Raft `Storage`: a SQLite file written through, and a `MemoryStorage` image of
 * it that serves every read (the model of etcd's raft storage over its WAL). Reads are
 * therefore as fast as MemoryStorage's and have its semantics by construction; memory
 * holds the entries after the last compaction, which the node bounds by snapshotting.
 *
 * Every write is: check the preconditions (a RangeError leaves everything untouched),
 * write one transaction and fsync it, then apply the same write to the image. So the
 * image never runs ahead of the disk, and whatever a write returned from survives a crash.
 * After a `StorageError` every call throws it (see SqliteFile).
 */
export class SqliteStorage implements WritableStorage {
  private readonly file: SqliteFile;
  private readonly statements: RaftStatements;
  private readonly log: MemoryStorage;

  /** Opens or creates the log at `path`; `conf` is the membership of a fresh log only. */
  static open(path: string, conf: ConfState): SqliteStorage {
    return new SqliteStorage(openDatabase(path, RAFT_SCHEMA), conf);
  }

  /**
   * Takes ownership of `db`, a connection made by `openDatabase(path, RAFT_SCHEMA)` (and
   * possibly tuned, e.g. with a size limit), and recovers its log.
   */
  constructor(db: Database.Database, conf: ConfState) {
    try {
      this.file = new SqliteFile(db);
      this.statements = new RaftStatements(db);
      if (!hasSnapshot(db)) this.file.write('initialising the Raft log', () => initialiseSnapshot(db, conf));
      this.log = recoverLog(db);
    } catch (e) {
      db.close();
      throw toStorageError(e, db.name, 'recovering the Raft log');
    }
  }

  initialState(): InitialState {
    this.file.assertUsable();
    return this.log.initialState();
  }

  entries(lo: number, hi: number, maxBytes: number): Entry[] {
    this.file.assertUsable();
    return this.log.entries(lo, hi, maxBytes);
  }

  term(index: number): number | undefined {
    this.file.assertUsable();
    return this.log.term(index);
  }

  firstIndex(): number {
    this.file.assertUsable();
    return this.log.firstIndex();
  }

  lastIndex(): number {
    this.file.assertUsable();
    return this.log.lastIndex();
  }

  snapshot(): Snapshot {
    this.file.assertUsable();
    return this.log.snapshot();
  }

  save(batch: PersistBatch): void {
    this.file.assertUsable();
    this.log.checkSave(batch);
    this.file.write('saving a Raft batch', () => {
      if (batch.snapshot !== undefined) this.statements.installSnapshot(batch.snapshot);
      if (batch.entries.length > 0) this.statements.append(batch.entries);
      if (batch.hardState !== undefined) this.statements.saveHardState(batch.hardState);
    });
    this.log.save(batch);
  }

  createSnapshot(index: number, data: Uint8Array): Snapshot {
    this.file.assertUsable();
    const term = this.log.checkCreateSnapshot(index);
    const conf = this.log.snapshot().meta.conf;
    this.file.write('recording a snapshot', () => this.statements.recordSnapshot({ meta: { index, term, conf }, data }));
    return this.log.createSnapshot(index, data);
  }

  compact(index: number): void {
    this.file.assertUsable();
    const term = this.log.checkCompact(index);
    if (term === undefined) return;
    this.file.write('compacting the Raft log', () => this.statements.compact(index, term));
    this.log.compact(index);
  }

  /** Closes the file. The storage must not be used afterwards. */
  close(): void {
    this.file.close();
  }
}
