import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Total size in bytes of the files under `dir` (apparent sizes; 0 if it does not exist yet). */
export function directoryBytes(dir: string): number {
  let total = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    try {
      const stat = statSync(join(dir, name));
      total += stat.isDirectory() ? directoryBytes(join(dir, name)) : stat.size;
    } catch {
      // Removed between readdir and stat (a -wal or -shm companion): not there any more.
    }
  }
  return total;
}

/** The latest snapshot a node stored: `<data-dir>/raft.db`, table `snapshot` (one row), see packages/storage/src/raft-schema.ts. */
export interface StoredSnapshot {
  readonly index: number;
  readonly term: number;
  /** Length of the snapshot's data: the encoded job table. */
  readonly bytes: number;
  /** raft.db itself, for comparison. */
  readonly fileBytes: number;
}

/**
 * Reads the stored snapshot of a stopped node, opening its raft.db read-only. The node holds
 * the file with `locking_mode = EXCLUSIVE` while it runs, so this works only after it exits.
 */
export function storedSnapshot(dataDir: string): StoredSnapshot {
  const path = join(dataDir, 'raft.db');
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT idx, term, length(data) AS bytes FROM snapshot WHERE id = 1').get() as
      | { idx: number; term: number; bytes: number }
      | undefined;
    if (row === undefined) throw new Error(`${path} holds no snapshot row`);
    return { index: row.idx, term: row.term, bytes: row.bytes, fileBytes: statSync(path).size };
  } finally {
    db.close();
  }
}
