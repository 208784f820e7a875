import type { Entry, HardState, Snapshot } from '@sched/raft';
import type Database from 'better-sqlite3';

/**
 * The writes of the Raft log file (see RAFT_SCHEMA), prepared once: a batch of 1000
 * entries is 1000 executions of one compiled INSERT inside one transaction.
 */
export class RaftStatements {
  private readonly insertEntry: Database.Statement<[number, number, number, Uint8Array]>;
  private readonly deleteFrom: Database.Statement<[number]>;
  private readonly deleteThrough: Database.Statement<[number]>;
  private readonly deleteAll: Database.Statement<[]>;
  private readonly setLogStart: Database.Statement<[number, number]>;
  private readonly setSnapshot: Database.Statement<[number, number, string, Uint8Array]>;
  private readonly setHardState: Database.Statement<[number, number, number]>;

  constructor(db: Database.Database) {
    this.insertEntry = db.prepare('INSERT INTO entries (idx, term, kind, data) VALUES (?, ?, ?, ?)');
    this.deleteFrom = db.prepare('DELETE FROM entries WHERE idx >= ?');
    this.deleteThrough = db.prepare('DELETE FROM entries WHERE idx <= ?');
    this.deleteAll = db.prepare('DELETE FROM entries');
    this.setLogStart = db.prepare('UPDATE log_start SET idx = ?, term = ? WHERE id = 1');
    this.setSnapshot = db.prepare('INSERT OR REPLACE INTO snapshot (id, idx, term, voters, data) VALUES (1, ?, ?, ?, ?)');
    this.setHardState = db.prepare('UPDATE hard_state SET term = ?, vote = ?, commit_index = ? WHERE id = 1');
  }

  /** Replaces the whole log by `snapshot`: no entries, C = the snapshot's index. */
  installSnapshot(snapshot: Snapshot): void {
    this.deleteAll.run();
    this.setLogStart.run(snapshot.meta.index, snapshot.meta.term);
    this.recordSnapshot(snapshot);
  }

  /** Records the latest snapshot; the entries stay. */
  recordSnapshot(snapshot: Snapshot): void {
    const { index, term, conf } = snapshot.meta;
    this.setSnapshot.run(index, term, JSON.stringify(conf.voters), snapshot.data);
  }

  /** Replaces the stored entries from `entries[0].index` on. */
  append(entries: readonly Entry[]): void {
    this.deleteFrom.run(entries[0]!.index);
    for (const e of entries) this.insertEntry.run(e.index, e.term, e.kind, e.data);
  }

  /** Drops the entries through `index`, whose term `term` becomes the log's start. */
  compact(index: number, term: number): void {
    this.deleteThrough.run(index);
    this.setLogStart.run(index, term);
  }

  saveHardState(hs: HardState): void {
    this.setHardState.run(hs.term, hs.vote, hs.commit);
  }
}
