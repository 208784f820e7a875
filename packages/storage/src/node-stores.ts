import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ConfState, MemoryStorage } from '@sched/raft';
import { toStorageError } from './classify-error';
import { MemoryOutputStore } from './memory-output-store';
import { DEFAULT_OUTPUT_CAP, type OutputStore } from './output-store';
import { SqliteOutputStore } from './sqlite-output-store';
import { MemoryReportOutbox, type ReportOutbox } from './report-outbox';
import { SqliteReportOutbox } from './sqlite-report-outbox';
import { SqliteStorage } from './sqlite-storage';
import type { WritableStorage } from './writable-storage';

/** The files of a data directory. */
export const DATA_FILES = { raft: 'raft.db', output: 'output.db', outbox: 'outbox.db' } as const;

export interface NodeStoresOptions {
  /** `--data-dir`: durable stores in this directory (created if absent); in memory without. */
  readonly dataDir?: string | undefined;
  /** The membership of a fresh Raft log. */
  readonly conf: ConfState;
  /** Bytes kept per output stream of a job attempt. */
  readonly outputCap?: number | undefined;
}

/** Everything a node keeps: its Raft log, the output of the jobs it ran, and their results not yet committed. */
export interface NodeStores {
  readonly raft: WritableStorage;
  readonly output: OutputStore;
  readonly outbox: ReportOutbox;
  /** Whether the stores survive a restart. */
  readonly durable: boolean;
  close(): void;
}

/** Opens the stores of a node: SQLite files under `dataDir`, or memory without one. */
export function openNodeStores(options: NodeStoresOptions): NodeStores {
  const cap = options.outputCap ?? DEFAULT_OUTPUT_CAP;
  if (options.dataDir === undefined) {
    const output = new MemoryOutputStore(cap);
    return { raft: new MemoryStorage(options.conf), output, outbox: new MemoryReportOutbox(), durable: false, close: () => output.close() };
  }
  const dir = options.dataDir;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw toStorageError(e, dir, 'creating the data directory');
  }
  const raft = SqliteStorage.open(join(dir, DATA_FILES.raft), options.conf);
  let output: SqliteOutputStore;
  let outbox: SqliteReportOutbox;
  try {
    output = SqliteOutputStore.open(join(dir, DATA_FILES.output), cap);
  } catch (e) {
    raft.close();
    throw e;
  }
  try {
    outbox = SqliteReportOutbox.open(join(dir, DATA_FILES.outbox));
  } catch (e) {
    output.close();
    raft.close();
    throw e;
  }
  return {
    raft,
    output,
    outbox,
    durable: true,
    close: () => {
      outbox.close();
      output.close();
      raft.close();
    },
  };
}
