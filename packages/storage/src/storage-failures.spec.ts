import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PersistBatch } from '@sched/raft';
import { openDatabase } from './open-database';
import { OUTPUT_SCHEMA } from './output-schema';
import { RAFT_SCHEMA } from './raft-schema';
import { SqliteOutputStore } from './sqlite-output-store';
import { SqliteStorage } from './sqlite-storage';
import { entries, visibleState } from './storage-contract.test-util';
import { StorageError, type StorageErrorCode } from './storage-error';
import { removeDir, tempDirPerTest } from './temp-dir.test-util';
import { tsNodeArgs } from './ts-child.test-util';

// Every failure ends in a StorageError whose message names the file and the cause and
// tells the caller to stop; each test also checks that nothing was written.

const CONF = { voters: [1, 2, 3] };
const batch = (from: number, to: number, commit: number): PersistBatch => ({
  entries: entries(from, to, 1),
  hardState: { term: 1, vote: 1, commit },
  snapshot: undefined,
});

function expectStorageError(fn: () => unknown, code: StorageErrorCode, file: string, cause: RegExp): StorageError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(StorageError);
  const error = thrown as StorageError;
  expect({ code: error.code, file: error.file }).toEqual({ code, file });
  expect(error.message).toContain(file);
  expect(error.message).toMatch(cause);
  expect(error.message).toMatch(/the node must stop/);
  return error;
}

describe('storage failures', () => {
  const temp = tempDirPerTest();
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = temp.path;
    file = join(dir, 'raft.db');
  });

  /** A log at `file` holding entries 1..3, closed; returns its visible state. */
  function existingLog() {
    const s = SqliteStorage.open(file, CONF);
    s.save(batch(1, 3, 2));
    const state = visibleState(s);
    s.close();
    return state;
  }

  function reopenedState() {
    const s = SqliteStorage.open(file, CONF);
    const state = visibleState(s);
    s.close();
    return state;
  }

  describe('a read-only data directory', () => {
    // As root, permissions do not apply: the child runs as nobody then.
    function openAsUnprivileged(path: string): { opened: boolean; storageError?: boolean; code?: string; file?: string; message: string } {
      const root = process.getuid?.() === 0;
      const result = spawnSync(process.execPath, tsNodeArgs(join(__dirname, '..', 'test', 'children', 'open-storage.ts'), [path]), {
        encoding: 'utf8',
        ...(root ? { uid: 65534, gid: 65534 } : {}),
      });
      expect(result.stderr).toBe('');
      return JSON.parse(result.stdout);
    }

    beforeEach(() => chmodSync(dir, 0o755)); // let the child traverse the temp dir
    afterEach(() => chmodSync(dir, 0o700)); // and let the owner remove it

    test('an existing log cannot be opened for writing', () => {
      const before = existingLog();
      const files = readdirSync(dir);
      const bytes = readFileSync(file);
      chmodSync(file, 0o444);
      chmodSync(dir, 0o555);
      const outcome = openAsUnprivileged(file);
      expect(outcome).toMatchObject({ opened: false, storageError: true, code: 'read-only', file });
      expect(outcome.message).toContain(file);
      expect(outcome.message).toMatch(/not writable \((EACCES|EROFS)/);
      expect(outcome.message).toMatch(/the node must stop/);
      chmodSync(dir, 0o755);
      chmodSync(file, 0o644);
      expect(readdirSync(dir)).toEqual(files);
      expect(readFileSync(file).equals(bytes)).toBe(true);
      expect(reopenedState()).toEqual(before);
    });

    test('a new log cannot be created', () => {
      chmodSync(dir, 0o555);
      const outcome = openAsUnprivileged(file);
      expect(outcome).toMatchObject({ opened: false, storageError: true, code: 'read-only', file });
      expect(outcome.message).toMatch(/not writable \((EACCES|EROFS).*'.+'\); the node must stop/);
      expect(readdirSync(dir)).toEqual([]);
    });
  });

  describe('a data directory that vanishes while the node runs', () => {
    test('removed: the next write fails, nothing is recreated, and the store stays failed', () => {
      const s = SqliteStorage.open(file, CONF);
      s.save(batch(1, 3, 2));
      removeDir(dir);
      const error = expectStorageError(() => s.save(batch(4, 4, 4)), 'vanished', file, /removed or replaced while in use \(no such file any more\)/);
      expect(() => s.lastIndex()).toThrow(error);
      expect(() => s.save(batch(4, 4, 4))).toThrow(error);
      s.close();
      expect(existsSync(dir)).toBe(false);
    });

    test('renamed: the write does not go into the moved file', () => {
      const s = SqliteStorage.open(file, CONF);
      s.save(batch(1, 3, 2));
      const before = visibleState(s);
      const moved = `${dir}-moved`;
      renameSync(dir, moved);
      try {
        expectStorageError(() => s.save(batch(4, 4, 4)), 'vanished', file, /no such file any more/);
        s.close();
        renameSync(moved, dir);
        expect(reopenedState()).toEqual(before);
      } finally {
        if (existsSync(moved)) renameSync(moved, dir);
      }
    });
  });

  describe('a corrupt file', () => {
    test('a file that is not a database', () => {
      const garbage = Buffer.alloc(8192, 0x5a);
      writeFileSync(file, garbage);
      expectStorageError(() => SqliteStorage.open(file, CONF), 'corrupt', file, /corrupt or not a database .*SQLITE_NOTADB/);
      expect(readFileSync(file).equals(garbage)).toBe(true);
      expect(readdirSync(dir)).toEqual(['raft.db']);
    });

    test('a damaged page inside a log', () => {
      const s = SqliteStorage.open(file, CONF);
      for (let i = 0; i < 20; i++) s.save(batch(i * 50 + 1, i * 50 + 50, i * 50));
      s.close(); // checkpoints the WAL into the file
      const bytes = readFileSync(file);
      const pageSize = 4096;
      expect(bytes.length).toBeGreaterThan(6 * pageSize);
      bytes.fill(0xa5, 4 * pageSize, 5 * pageSize);
      writeFileSync(file, bytes);
      expectStorageError(() => SqliteStorage.open(file, CONF), 'corrupt', file, /corrupt .*(quick_check|SQLITE_CORRUPT)/);
      expect(readFileSync(file).equals(bytes)).toBe(true);
    });
  });

  describe('a full disk (simulated with a page limit on the connection)', () => {
    /** A store whose file may grow by `pages` pages more than it has now. */
    function storeWithRoom(pages: number): SqliteStorage {
      const db = openDatabase(file, RAFT_SCHEMA);
      const used = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${used + pages}`);
      return new SqliteStorage(db, CONF);
    }

    test('a batch that does not fit fails as a whole and the store stays failed', () => {
      existingLog();
      const s = storeWithRoom(4);
      const before = visibleState(s);
      const big: PersistBatch = { entries: entries(4, 2000, 1), hardState: { term: 1, vote: 1, commit: 2000 }, snapshot: undefined };
      const error = expectStorageError(() => s.save(big), 'full', file, /the disk is full \(SQLITE_FULL: database or disk is full\)/);
      expect(error.operation).toBe('saving a Raft batch');
      expect(() => s.initialState()).toThrow(error);
      s.close();
      expect(reopenedState()).toEqual(before);
    });

    test('job output too', () => {
      const outputFile = join(dir, 'output.db');
      const db = openDatabase(outputFile, OUTPUT_SCHEMA);
      db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 4}`);
      const store = new SqliteOutputStore(db);
      store.append('job', 1, 'stdout', new TextEncoder().encode('kept'));
      const error = expectStorageError(
        () => store.append('job', 1, 'stdout', new Uint8Array(512 * 1024)),
        'full',
        outputFile,
        /the disk is full/,
      );
      expect(error.operation).toBe('appending job output');
      store.close();
      const reopened = SqliteOutputStore.open(outputFile);
      expect(reopened.read('job', 1).stdout).toEqual({ data: new TextEncoder().encode('kept'), truncated: false });
      reopened.close();
    });
  });

  describe('two processes on one data directory', () => {
    test('the second opener is refused while the first holds the log', () => {
      const first = SqliteStorage.open(file, CONF);
      expectStorageError(() => SqliteStorage.open(file, CONF), 'locked', file, /another process holds the database .*SQLITE_BUSY/);
      first.save(batch(1, 1, 1));
      first.close();
      expect(reopenedState().last).toBe(1);
    });
  });

  test('a missing data directory is reported as such, and not created', () => {
    const missing = join(dir, 'absent', 'raft.db');
    expectStorageError(() => SqliteStorage.open(missing, CONF), 'missing', missing, /the data directory does not exist \(ENOENT.*absent'\)/);
    expect(existsSync(join(dir, 'absent'))).toBe(false);
  });
});
