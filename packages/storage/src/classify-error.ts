import { StorageError, type StorageErrorCode } from './storage-error';

/**
 * Wraps what SQLite or the file system threw into a `StorageError`. SQLite's extended
 * result codes (`SQLITE_READONLY_DIRECTORY`, `SQLITE_IOERR_FSYNC`, ...) are classified by
 * their primary code; `errno` codes cover the checks done with `node:fs`.
 */
export function toStorageError(cause: unknown, file: string, operation: string): StorageError {
  if (cause instanceof StorageError) return cause;
  return new StorageError(classify(cause), file, operation, { cause });
}

function classify(cause: unknown): StorageErrorCode {
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return 'io';
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'read-only';
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (code === 'SQLITE_READONLY_DBMOVED') return 'vanished';
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0];
  switch (primary) {
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      return 'read-only';
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return 'locked';
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
    case 'SQLITE_FORMAT':
    case 'SQLITE_SCHEMA':
      return 'corrupt';
    case 'SQLITE_FULL':
      return 'full';
    default:
      return 'io';
  }
}
