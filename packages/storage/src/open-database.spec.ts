import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from './open-database';
import { OUTPUT_SCHEMA } from './output-schema';
import { RAFT_SCHEMA } from './raft-schema';
import { SqliteStorage } from './sqlite-storage';
import { StorageError } from './storage-error';
import { tempDirPerTest } from './temp-dir.test-util';

describe('openDatabase: the durability settings of every store file', () => {
  const dir = tempDirPerTest();
  let file: string;
  beforeEach(() => (file = join(dir.path, 'raft.db')));

  test('WAL journal, synchronous FULL, exclusive locking, and the schema stamped in the header', () => {
    const db = openDatabase(file, RAFT_SCHEMA);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL: fsync on every commit
    expect(db.pragma('locking_mode', { simple: true })).toBe('exclusive');
    expect(db.pragma('application_id', { simple: true })).toBe(RAFT_SCHEMA.applicationId);
    expect(db.pragma('user_version', { simple: true })).toBe(RAFT_SCHEMA.version);
    db.close();
  });

  test('the settings hold again on reopen (WAL persists in the file, the rest is re-applied)', () => {
    openDatabase(file, RAFT_SCHEMA).close();
    const db = openDatabase(file, RAFT_SCHEMA);
    expect([db.pragma('journal_mode', { simple: true }), db.pragma('synchronous', { simple: true })]).toEqual(['wal', 2]);
    db.close();
  });

  test('a store refuses a connection that would not fsync its commits', () => {
    openDatabase(file, RAFT_SCHEMA).close();
    const weak = new Database(file);
    weak.pragma('synchronous = NORMAL');
    expect(() => new SqliteStorage(weak, { voters: [1] })).toThrow(/synchronous=1, expected wal and 2 \(FULL\)/);
    expect(weak.open).toBe(false);
  });

  test("one store's file is refused by another store", () => {
    openDatabase(file, OUTPUT_SCHEMA).close();
    expect(() => openDatabase(file, RAFT_SCHEMA)).toThrow(StorageError);
    expect(() => openDatabase(file, RAFT_SCHEMA)).toThrow(/not a Raft log file of version 1/);
  });
});
