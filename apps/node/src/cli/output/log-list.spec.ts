import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { GetRaftLogEntriesResponseSchema, JobStatus } from '@sched/rpc/gen';
import { renderJson } from '../format/json';
import { logListJson, logListTable } from './log-list';

const ID = '3f2b9c1e-0000-4000-8000-000000000001';
type Entries = NonNullable<MessageInitShape<typeof GetRaftLogEntriesResponseSchema>['entries']>;

/** A GetRaftLogEntries answer: entries, then commit index, last log index, first available index. */
function logOf(entries: Entries, commitIndex: bigint, lastLogIndex: bigint, firstAvailableIndex: bigint) {
  return create(GetRaftLogEntriesResponseSchema, { entries, commitIndex, lastLogIndex, firstAvailableIndex });
}

const BANNER = ['Raft Log Entries', '='.repeat(80)];
const COLUMNS = ['', 'INDEX  TERM   COMMITTED  TYPE                 DETAILS', '-'.repeat(80)];

const log = logOf(
  [
    { index: 1n, term: 1n, isCommitted: true },
    { index: 2n, term: 1n, isCommitted: true, command: { commandType: { case: 'submitJob', value: { jobId: ID, command: 'echo hi' } } } },
    {
      index: 3n,
      term: 2n,
      isCommitted: false,
      command: { commandType: { case: 'updateJobStatus', value: { jobId: ID, status: JobStatus.RUNNING } } },
    },
    { index: 4n, term: 2n, isCommitted: false, command: { commandType: { case: 'registerWorker', value: { workerId: 1n } } } },
  ],
  2n,
  4n,
  1n,
);

describe('log list table (REF §1.10)', () => {
  it('no entries', () => {
    expect(logListTable(create(GetRaftLogEntriesResponseSchema, {}))).toBe('No log entries found.\n');
  });

  it('an uncompacted log', () => {
    expect(logListTable(log)).toBe(
      [
        ...BANNER,
        'Commit Index: 2  |  Last Log Index: 4',
        ...COLUMNS,
        '1      1      yes        Noop                 ',
        '2      1      yes        SubmitJob            job_id=3f2b9c1e-0000-4000-8...',
        '3      2      no         UpdateJobStatus      job_id=3f2b9c1e-0000-4000-8...',
        '4      2      no         RegisterWorker       worker_id=1',
        '',
        'Showing 4 entries',
        '',
      ].join('\n'),
    );
  });

  it('a compacted log names the snapshot range', () => {
    const entry = { index: 1001n, term: 4n, isCommitted: true, command: { commandType: { case: 'cancelJob', value: { jobId: 'short' } } } } as const;
    const compacted = logOf([entry], 1001n, 1001n, 1001n);
    expect(logListTable(compacted)).toBe(
      [
        ...BANNER,
        'First Available: 1001  |  Commit Index: 1001  |  Last Log Index: 1001',
        '(Entries 1-1000 were compacted into a snapshot)',
        ...COLUMNS,
        '1001   4      yes        CancelJob            short',
        '',
        'Showing 1 entries',
        '',
      ].join('\n'),
    );
  });

  it('multi-byte details are cut on character boundaries', () => {
    const command = { commandType: { case: 'submitJob', value: { jobId: 'x', command: 'echo 日本語のテキストをたくさん書きます' } } } as const;
    const utf8 = logOf([{ index: 1n, term: 1n, command }], 0n, 1n, 1n);
    expect(logListTable(utf8)).toContain('1      1      no         SubmitJob            job_id=x, cmd=echo 日本語のテキスト...\n');
  });
});

it('log list JSON: full details, indexes as numbers', () => {
  expect(renderJson(logListJson({ ...log, entries: log.entries.slice(0, 2) }))).toBe(`{
  "entries": [
    {
      "index": 1,
      "term": 1,
      "command_type": "Noop",
      "command_details": "",
      "is_committed": true
    },
    {
      "index": 2,
      "term": 1,
      "command_type": "SubmitJob",
      "command_details": "job_id=${ID}, cmd=echo hi",
      "is_committed": true
    }
  ],
  "commit_index": 2,
  "last_log_index": 4,
  "first_available_index": 1
}
`);
});
