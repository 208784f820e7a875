import type { Schema } from './open-database';

/**
 * The job output file. `output_stream` holds one row per stream of an attempt with its
 * size so far and the truncation flag; `output_chunk` the appended chunks, in rowid order
 * (a new row always gets a rowid above every existing one, so order within a stream is
 * append order). Appending is an INSERT, never a rewrite of what is already stored.
 */
export const OUTPUT_SCHEMA: Schema = {
  name: 'job output',
  applicationId: 0x5343_484f, // "SCHO"
  version: 1,
  ddl: `
    CREATE TABLE output_stream (
      job_id    TEXT    NOT NULL,
      attempt   INTEGER NOT NULL,
      stream    TEXT    NOT NULL CHECK (stream IN ('stdout', 'stderr')),
      bytes     INTEGER NOT NULL,
      truncated INTEGER NOT NULL,
      PRIMARY KEY (job_id, attempt, stream)
    );
    CREATE TABLE output_chunk (
      id      INTEGER PRIMARY KEY,
      job_id  TEXT    NOT NULL,
      attempt INTEGER NOT NULL,
      stream  TEXT    NOT NULL,
      data    BLOB    NOT NULL
    );
    CREATE INDEX output_chunk_by_stream ON output_chunk (job_id, attempt, stream, id);
  `,
};
