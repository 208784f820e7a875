import type Database from 'better-sqlite3';
import { asUint8Array } from './bytes';
import { toStorageError } from './classify-error';
import { openDatabase, type Schema } from './open-database';
import type { ReportOutbox } from './report-outbox';
import { SqliteFile } from './sqlite-file';

export const OUTBOX_SCHEMA: Schema = {
  name: 'result outbox',
  applicationId: 0x5343_4852, // "SCHR"
  version: 1,
  ddl: `
    CREATE TABLE pending_report (
      seq  INTEGER PRIMARY KEY,
      key  TEXT    NOT NULL UNIQUE,
      data BLOB    NOT NULL
    );
  `,
};

/** The outbox of a node with a data directory: one fsynced transaction per change. */
export class SqliteReportOutbox implements ReportOutbox {
  private readonly file: SqliteFile;
  private readonly upsert: Database.Statement<[string, Uint8Array]>;
  private readonly remove: Database.Statement<[string]>;
  private readonly select: Database.Statement<[], { key: string; data: Buffer }>;

  static open(path: string): SqliteReportOutbox {
    return new SqliteReportOutbox(openDatabase(path, OUTBOX_SCHEMA));
  }

  constructor(db: Database.Database) {
    try {
      this.file = new SqliteFile(db);
      this.upsert = db.prepare('INSERT OR REPLACE INTO pending_report (key, data) VALUES (?, ?)');
      this.remove = db.prepare('DELETE FROM pending_report WHERE key = ?');
      this.select = db.prepare('SELECT key, data FROM pending_report ORDER BY seq');
    } catch (e) {
      db.close();
      throw toStorageError(e, db.name, 'opening the result outbox');
    }
  }

  put(key: string, data: Uint8Array): void {
    this.file.write('keeping a job result', () => this.upsert.run(key, data));
  }

  delete(key: string): void {
    this.file.write('forgetting a committed job result', () => this.remove.run(key));
  }

  all(): { key: string; data: Uint8Array }[] {
    this.file.assertUsable();
    return this.select.all().map((row) => ({ key: row.key, data: asUint8Array(row.data) }));
  }

  close(): void {
    this.file.close();
  }
}
