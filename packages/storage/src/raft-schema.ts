import type { Schema } from './open-database';

/**
 * The Raft log file. Single-row tables hold what `MemoryStorage` keeps in fields:
 * - `log_start`: index and term of the last compacted entry (C in the `Storage` contract;
 *   `entries` holds exactly C+1..L, without gaps);
 * - `snapshot`: the latest snapshot (index >= C), membership as a JSON array of voters;
 * - `hard_state`: term, vote, commit.
 * `log_start` and `hard_state` are created with the file; the `snapshot` row by the first
 * open, which knows the initial membership (a fresh log: C = 0, an empty snapshot at 0).
 */
export const RAFT_SCHEMA: Schema = {
  name: 'Raft log',
  applicationId: 0x5343_4852, // "SCHR"
  version: 1,
  ddl: `
    CREATE TABLE entries (
      idx  INTEGER PRIMARY KEY,
      term INTEGER NOT NULL,
      kind INTEGER NOT NULL,
      data BLOB    NOT NULL
    );
    CREATE TABLE log_start (
      id   INTEGER PRIMARY KEY CHECK (id = 1),
      idx  INTEGER NOT NULL,
      term INTEGER NOT NULL
    );
    CREATE TABLE snapshot (
      id     INTEGER PRIMARY KEY CHECK (id = 1),
      idx    INTEGER NOT NULL,
      term   INTEGER NOT NULL,
      voters TEXT    NOT NULL,
      data   BLOB    NOT NULL
    );
    CREATE TABLE hard_state (
      id           INTEGER PRIMARY KEY CHECK (id = 1),
      term         INTEGER NOT NULL,
      vote         INTEGER NOT NULL,
      commit_index INTEGER NOT NULL
    );
    INSERT INTO log_start VALUES (1, 0, 0);
    INSERT INTO hard_state VALUES (1, 0, 0, 0);
  `,
};
