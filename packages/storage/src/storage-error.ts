/**
 * Why a storage file cannot be trusted any more. Every value means the same thing to the
 * caller — stop the node — and differs only in what the operator has to fix.
 */
export type StorageErrorCode =
  /** The data directory does not exist (at open). */
  | 'missing'
  /** The file, its directory or the file system is not writable. */
  | 'read-only'
  /** Another process holds the database: two nodes on one data directory. */
  | 'locked'
  /** The file is not a database of the expected kind, or fails its integrity check. */
  | 'corrupt'
  /** The disk (or the database's size limit) is full. */
  | 'full'
  /** The file or its directory was removed or replaced while the store was open. */
  | 'vanished'
  /** Any other I/O failure reported by the operating system or SQLite. */
  | 'io';

const EXPLANATIONS: Readonly<Record<StorageErrorCode, string>> = {
  missing: 'the data directory does not exist',
  'read-only': 'the file or its directory is not writable',
  locked: 'another process holds the database (is a second node using this data directory?)',
  corrupt: 'the file is corrupt or not a database of this kind',
  full: 'the disk is full',
  vanished: 'the file or its directory was removed or replaced while in use',
  io: 'an I/O error occurred',
};

/**
 * A failure of durable storage. Its message names the file, the cause and the operation,
 * and says the node must stop: Raft cannot continue on a state it cannot trust (a write
 * that may or may not have reached the disk, a log it cannot read). A store that threw one
 * from a write refuses every later call with the same error, so that a caller who
 * swallows it still cannot continue silently.
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(
    readonly code: StorageErrorCode,
    /** The file (or data directory) at fault. */
    readonly file: string,
    /** What the store was doing, e.g. "saving a Raft batch". */
    readonly operation: string,
    options: { readonly cause?: unknown; readonly detail?: string } = {},
  ) {
    const detail = options.detail ?? causeText(options.cause);
    super(
      `storage failure on ${file} while ${operation}: ${EXPLANATIONS[code]}` +
        (detail === '' ? '' : ` (${detail})`) +
        '; the node must stop, it cannot continue on storage it cannot trust',
      options.cause === undefined ? undefined : { cause: options.cause },
    );
  }
}

/** `CODE: message` of an error from SQLite or node:fs (duck-typed: it may come from another realm). */
function causeText(cause: unknown): string {
  if (cause === undefined) return '';
  const { code, message } = (typeof cause === 'object' && cause !== null ? cause : {}) as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return String(cause);
  return typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message;
}
