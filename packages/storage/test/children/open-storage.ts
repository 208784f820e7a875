// Child process of the read-only data directory test: opens the Raft log at argv[2] as
// whatever user it was started as, and prints the outcome as one JSON line.
import { SqliteStorage, StorageError } from '@sched/storage';

const file = process.argv[2]!;
try {
  SqliteStorage.open(file, { voters: [1] }).close();
  console.log(JSON.stringify({ opened: true }));
} catch (e) {
  const error = e instanceof StorageError ? { code: e.code, file: e.file, message: e.message } : { message: String(e) };
  console.log(JSON.stringify({ opened: false, storageError: e instanceof StorageError, ...error }));
}
