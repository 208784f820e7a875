/** The two captured streams of a job's process. */
export type OutputStream = 'stdout' | 'stderr';

/** Bytes kept per stream of one attempt unless configured otherwise: 1 MiB. */
export const DEFAULT_OUTPUT_CAP = 1024 * 1024;

/** What was captured of one stream: at most the cap, and whether more was dropped. */
export interface CapturedStream {
  readonly data: Uint8Array;
  /** True when the process wrote more than the cap; `data` is then its first cap bytes. */
  readonly truncated: boolean;
}

export interface JobOutput {
  readonly stdout: CapturedStream;
  readonly stderr: CapturedStream;
}

/**
 * The output of the jobs this node executed, per job id and attempt. Node-local (not
 * replicated): a job's output lives on the node that ran it until the job is evicted.
 *
 * Contract:
 * - `append` adds a chunk to one stream of one attempt; bytes beyond the cap of that
 *   stream are dropped and the stream is marked truncated, for good;
 * - `read` returns what was captured, with empty streams for an attempt never written;
 * - `evict` removes every attempt of a job (called when the job leaves the job table);
 * - the SQLite implementation makes each `append` durable before returning and throws a
 *   `StorageError` when it cannot, like the Raft log.
 */
export interface OutputStore {
  append(jobId: string, attempt: number, stream: OutputStream, chunk: Uint8Array): void;
  read(jobId: string, attempt: number): JobOutput;
  evict(jobId: string): void;
  close(): void;
}
