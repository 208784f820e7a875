import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { toStorageError } from './classify-error';
import { StorageError } from './storage-error';

/** What a store keeps in its file: recognised by `application_id`, upgraded by `user_version`. */
export interface Schema {
  /** For messages: "Raft log", "job output". */
  readonly name: string;
  /** Written into the file header so that one store never opens another's file. */
  readonly applicationId: number;
  readonly version: number;
  /** Creates every table of `version` in an empty file. */
  readonly ddl: string;
}

/** How long a second opener waits for the lock before it reports `locked`. */
const LOCK_WAIT_MS = 1000;

/**
 * Opens (creating if absent) the SQLite file of a store, configured for durability:
 * - `journal_mode = WAL` and `synchronous = FULL`: every commit is fsynced before it
 *   returns, so a transaction that returned survives a crash or power loss, and one that
 *   did not is rolled back as a whole on the next open;
 * - `locking_mode = EXCLUSIVE`, taken at once: the file has one writer for the life of
 *   the connection, and a second process (a second node on the same data directory)
 *   fails here with `locked` instead of interleaving writes;
 * - `quick_check` must pass, and the file must hold this schema (or be empty).
 * Any failure is a `StorageError` naming the file. The directory must exist: creating it
 * is the caller's decision (a missing data directory may be an unmounted volume).
 */
export function openDatabase(file: string, schema: Schema): Database.Database {
  const operation = `opening the ${schema.name}`;
  checkWritable(file, operation);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: LOCK_WAIT_MS });
    db.pragma('locking_mode = EXCLUSIVE');
    if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') {
      throw new StorageError('io', file, operation, { detail: 'journal_mode=WAL was refused' });
    }
    db.pragma('synchronous = FULL');
    db.exec('BEGIN IMMEDIATE; COMMIT');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new StorageError('corrupt', file, operation, { detail: `quick_check: ${String(check)}` });
    ensureSchema(db, schema, file, operation);
    return db;
  } catch (e) {
    db?.close();
    throw toStorageError(e, file, operation);
  }
}

/**
 * Fails early, with the file system's own reason, where SQLite would only say "unable to
 * open database file" or would silently fall back to read-only. The directory must be
 * writable too: the WAL file lives next to the database.
 */
function checkWritable(file: string, operation: string): void {
  const dir = dirname(file);
  try {
    if (!statSync(dir).isDirectory()) {
      throw new StorageError('missing', file, operation, { detail: `${dir} is not a directory` });
    }
    accessSync(dir, constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.R_OK | constants.W_OK);
  } catch (e) {
    throw toStorageError(e, file, operation);
  }
}

function ensureSchema(db: Database.Database, schema: Schema, file: string, operation: string): void {
  const applicationId = db.pragma('application_id', { simple: true });
  const version = db.pragma('user_version', { simple: true });
  if (applicationId === schema.applicationId && version === schema.version) return;
  const tables = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck().get();
  if (applicationId !== 0 || version !== 0 || tables !== 0) {
    throw new StorageError('corrupt', file, operation, {
      detail: `not a ${schema.name} file of version ${schema.version} (application_id ${String(applicationId)}, user_version ${String(version)})`,
    });
  }
  db.transaction(() => {
    db.exec(schema.ddl);
    db.pragma(`application_id = ${schema.applicationId}`);
    db.pragma(`user_version = ${schema.version}`);
  })();
}
