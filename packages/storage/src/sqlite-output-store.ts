import type Database from 'better-sqlite3';
import { asUint8Array } from './bytes';
import { toStorageError } from './classify-error';
import { openDatabase } from './open-database';
import { capChunk, concatChunks, EMPTY_STREAM } from './output-cap';
import { OUTPUT_SCHEMA } from './output-schema';
import { type CapturedStream, DEFAULT_OUTPUT_CAP, type JobOutput, type OutputStore, type OutputStream } from './output-store';
import { SqliteFile } from './sqlite-file';

type Key = [jobId: string, attempt: number, stream: OutputStream];
interface StreamRow { bytes: number; truncated: number }

/**
 * The output store of a node with a data directory. Each `append` is one fsynced
 * transaction (a transaction without writes, which costs no fsync, once the stream is
 * truncated); reads query the file.
 */
export class SqliteOutputStore implements OutputStore {
  private readonly file: SqliteFile;
  private readonly getStream: Database.Statement<Key, StreamRow>;
  private readonly putStream: Database.Statement<[...Key, number, number]>;
  private readonly insertChunk: Database.Statement<[...Key, Uint8Array]>;
  private readonly selectChunks: Database.Statement<Key, Buffer>;
  private readonly deleteStreams: Database.Statement<[string]>;
  private readonly deleteChunks: Database.Statement<[string]>;

  static open(path: string, cap: number = DEFAULT_OUTPUT_CAP): SqliteOutputStore {
    return new SqliteOutputStore(openDatabase(path, OUTPUT_SCHEMA), cap);
  }

  /** Takes ownership of `db`, a connection made by `openDatabase(path, OUTPUT_SCHEMA)`. */
  constructor(db: Database.Database, private readonly cap: number = DEFAULT_OUTPUT_CAP) {
    try {
      this.file = new SqliteFile(db);
      const where = 'job_id = ? AND attempt = ? AND stream = ?';
      this.getStream = db.prepare(`SELECT bytes, truncated FROM output_stream WHERE ${where}`);
      this.putStream = db.prepare('INSERT OR REPLACE INTO output_stream (job_id, attempt, stream, bytes, truncated) VALUES (?, ?, ?, ?, ?)');
      this.insertChunk = db.prepare('INSERT INTO output_chunk (job_id, attempt, stream, data) VALUES (?, ?, ?, ?)');
      this.selectChunks = db.prepare<Key, Buffer>(`SELECT data FROM output_chunk WHERE ${where} ORDER BY id`).pluck();
      this.deleteStreams = db.prepare('DELETE FROM output_stream WHERE job_id = ?');
      this.deleteChunks = db.prepare('DELETE FROM output_chunk WHERE job_id = ?');
    } catch (e) {
      db.close();
      throw toStorageError(e, db.name, 'opening the job output');
    }
  }

  append(jobId: string, attempt: number, stream: OutputStream, chunk: Uint8Array): void {
    this.file.write('appending job output', () => {
      const row = this.getStream.get(jobId, attempt, stream);
      const bytes = row?.bytes ?? 0;
      const wasTruncated = row?.truncated === 1;
      const { kept, truncated } = capChunk(bytes, wasTruncated, chunk, this.cap);
      if (kept.length === 0 && truncated === wasTruncated) return; // nothing to write: no fsync
      this.putStream.run(jobId, attempt, stream, bytes + kept.length, truncated ? 1 : 0);
      if (kept.length > 0) this.insertChunk.run(jobId, attempt, stream, kept);
    });
  }

  read(jobId: string, attempt: number): JobOutput {
    return { stdout: this.readStream(jobId, attempt, 'stdout'), stderr: this.readStream(jobId, attempt, 'stderr') };
  }

  evict(jobId: string): void {
    this.file.write('evicting job output', () => {
      this.deleteChunks.run(jobId);
      this.deleteStreams.run(jobId);
    });
  }

  close(): void {
    this.file.close();
  }

  private readStream(jobId: string, attempt: number, stream: OutputStream): CapturedStream {
    this.file.assertUsable();
    try {
      const row = this.getStream.get(jobId, attempt, stream);
      if (row === undefined) return EMPTY_STREAM;
      const chunks = this.selectChunks.all(jobId, attempt, stream).map(asUint8Array);
      return { data: concatChunks(chunks), truncated: row.truncated === 1 };
    } catch (e) {
      throw toStorageError(e, this.file.path, 'reading job output');
    }
  }
}
