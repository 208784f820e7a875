/** Where a command writes: the process's streams in `sched`, string buffers in tests. */
export interface TextSink {
  write(text: string): unknown;
}

export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
}

/** Process exit codes of the client commands (REF §1.11). */
export const ExitCode = {
  ok: 0,
  /** A handled failure: RPC error, failed connect, unreadable file, logical failure. */
  failure: 1,
  /** Usage: unknown flag, bad value, missing argument. */
  usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
