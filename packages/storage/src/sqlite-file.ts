import { type Stats, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { toStorageError } from './classify-error';
import { StorageError } from './storage-error';

/**
 * An open store file and the one way to write to it: `write(operation, fn)` runs `fn` in a
 * transaction and returns only after the commit was fsynced to the file that is still at
 * the file's path.
 *
 * Invariants:
 * - the connection is in WAL mode with `synchronous = FULL` (checked at construction, so a
 *   connection opened by other means cannot weaken durability unnoticed);
 * - after the first failed write `failure` is set and every later call throws it: the
 *   store's memory may be ahead of or behind the disk, and nothing may continue on it.
 */
export class SqliteFile {
  readonly path: string;
  private readonly identity: Stats;
  private failure: StorageError | undefined;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;

  constructor(readonly db: Database.Database) {
    this.path = db.name;
    const journal = db.pragma('journal_mode', { simple: true });
    const synchronous = db.pragma('synchronous', { simple: true });
    if (journal !== 'wal' || synchronous !== SYNCHRONOUS_FULL) {
      throw new StorageError('io', this.path, 'checking durability settings', {
        detail: `journal_mode=${String(journal)} synchronous=${String(synchronous)}, expected wal and ${SYNCHRONOUS_FULL} (FULL)`,
      });
    }
    this.identity = statSync(this.path);
    this.begin = db.prepare('BEGIN');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
  }

  /** Throws the failure that stopped this file, if any. */
  assertUsable(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * Runs `fn` as one transaction. On any failure the transaction is rolled back, the file
   * is marked failed and a `StorageError` about `operation` is thrown.
   */
  write<T>(operation: string, fn: () => T): T {
    this.assertUsable();
    try {
      this.assertInPlace(operation);
      this.begin.run();
      const result = fn();
      this.commit.run();
      this.assertInPlace(operation);
      return result;
    } catch (e) {
      if (this.db.inTransaction) this.rollbackQuietly();
      this.failure = toStorageError(e, this.path, operation);
      throw this.failure;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * SQLite keeps writing to a file that was unlinked or renamed (the open descriptor still
   * works), so a removed data directory would swallow acknowledged writes. Checked before
   * a write (so that nothing goes into a file a restart will not open) and after its
   * commit (a write counts as durable only if, after its fsync, it is in the file at the
   * path). A stat costs microseconds; the fsync it guards, a tenth of a millisecond or more.
   */
  private assertInPlace(operation: string): void {
    const now = statSync(this.path, { throwIfNoEntry: false });
    if (now === undefined || now.ino !== this.identity.ino || now.dev !== this.identity.dev) {
      throw new StorageError('vanished', this.path, operation, {
        detail: now === undefined ? 'no such file any more' : 'another file is at its path now',
      });
    }
  }

  /** Called only while already failing: the original error is the one worth reporting. */
  private rollbackQuietly(): void {
    try {
      this.rollback.run();
    } catch {
      // The failure being reported already marks the file unusable.
    }
  }
}

/** `PRAGMA synchronous` reports FULL as 2. */
const SYNCHRONOUS_FULL = 2;
