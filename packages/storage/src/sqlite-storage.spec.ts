import { join } from 'node:path';
import type { ConfState } from '@sched/raft';
import { SqliteStorage } from './sqlite-storage';
import { describeStorageContract, entries, visibleState } from './storage-contract.test-util';
import { tempDirPerTest, tempFileHarness } from './temp-dir.test-util';

// Reopening with another membership must not matter: the stored one wins.
describeStorageContract(
  'SqliteStorage',
  tempFileHarness(
    (path, conf: ConfState) => SqliteStorage.open(path, conf),
    () => ({ voters: [99] }),
  ),
);

describe('SqliteStorage beyond the shared contract', () => {
  const dir = tempDirPerTest();

  test('a refused batch writes nothing, not even its snapshot', () => {
    const s = SqliteStorage.open(join(dir.path, 'raft.db'), { voters: [1] });
    s.save({ entries: entries(1, 3, 1), hardState: undefined, snapshot: undefined });
    const before = visibleState(s);
    const snapshot = { meta: { index: 5, term: 1, conf: { voters: [1] } }, data: new Uint8Array(0) };
    expect(() => s.save({ snapshot, entries: entries(8, 8, 1), hardState: undefined })).toThrow(RangeError);
    expect(visibleState(s)).toEqual(before);
    s.close();
    const reopened = SqliteStorage.open(join(dir.path, 'raft.db'), { voters: [1] });
    expect(visibleState(reopened)).toEqual(before);
    reopened.close();
  });
});
