import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryStorage } from '@sched/raft';
import { MemoryOutputStore } from './memory-output-store';
import { DATA_FILES, openNodeStores } from './node-stores';
import { SqliteReportOutbox } from './sqlite-report-outbox';
import { SqliteOutputStore } from './sqlite-output-store';
import { SqliteStorage } from './sqlite-storage';
import { entries } from './storage-contract.test-util';
import { makeTempDir, removeDir } from './temp-dir.test-util';

const conf = { voters: [1, 2, 3] };

describe('openNodeStores', () => {
  test('without a data directory everything is in memory', () => {
    const stores = openNodeStores({ conf, outputCap: 4 });
    expect(stores.raft).toBeInstanceOf(MemoryStorage);
    expect(stores.output).toBeInstanceOf(MemoryOutputStore);
    expect(stores.durable).toBe(false);
    stores.output.append('job', 1, 'stdout', new Uint8Array(10));
    expect(stores.output.read('job', 1).stdout.data.length).toBe(4);
    stores.close();
  });

  test('with one, the Raft log, job output and result outbox are files in it that survive a restart', () => {
    const parent = makeTempDir();
    const dataDir = join(parent, 'data', 'node-1');
    try {
      const stores = openNodeStores({ dataDir, conf });
      expect([stores.raft, stores.output, stores.outbox, stores.durable]).toEqual([
        expect.any(SqliteStorage),
        expect.any(SqliteOutputStore),
        expect.any(SqliteReportOutbox),
        true,
      ]);
      stores.raft.save({ entries: entries(1, 2, 1), hardState: { term: 1, vote: 1, commit: 2 }, snapshot: undefined });
      stores.output.append('job', 1, 'stderr', new TextEncoder().encode('boom'));
      stores.outbox.put('job/1', Uint8Array.of(1));
      stores.close();
      expect(readdirSync(dataDir).sort()).toEqual([DATA_FILES.outbox, DATA_FILES.output, DATA_FILES.raft]);

      const again = openNodeStores({ dataDir, conf });
      expect([again.raft.lastIndex(), again.raft.initialState().hardState.commit]).toEqual([2, 2]);
      expect(new TextDecoder().decode(again.output.read('job', 1).stderr.data)).toBe('boom');
      expect(again.outbox.all()).toEqual([{ key: 'job/1', data: Uint8Array.of(1) }]);
      again.close();
      expect(existsSync(join(dataDir, `${DATA_FILES.raft}-wal`))).toBe(false);
    } finally {
      removeDir(parent);
    }
  });
});
