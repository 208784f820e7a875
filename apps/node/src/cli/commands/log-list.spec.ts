import { JobStatus, type GetRaftLogEntriesRequest } from '@sched/rpc/gen';
import { useFakeServers } from '../fake-servers.test-util';
import { sched } from '../run-cli.test-util';

const start = useFakeServers();
const ID = '3f2b9c1e-0000-4000-8000-000000000001';

describe('log list', () => {
  it('sends --start-index/--limit (defaults 0/100) and prints the compacted range', async () => {
    const requests: GetRaftLogEntriesRequest[] = [];
    const server = await start({
      getRaftLogEntries: (request) => {
        requests.push(request);
        return {
          entries: [
            { index: 1001n, term: 3n, isCommitted: true, command: {} },
            { index: 1002n, term: 3n, isCommitted: false, command: { commandType: { case: 'updateJobStatus', value: { jobId: ID, status: JobStatus.FAILED } } } },
          ],
          commitIndex: 1001n,
          lastLogIndex: 1002n,
          firstAvailableIndex: 1001n,
        };
      },
    });
    expect(await sched('log', '-a', server.url, 'list')).toEqual({
      code: 0,
      stdout:
        `Raft Log Entries\n${'='.repeat(80)}\n` +
        'First Available: 1001  |  Commit Index: 1001  |  Last Log Index: 1002\n' +
        '(Entries 1-1000 were compacted into a snapshot)\n\n' +
        `INDEX  TERM   COMMITTED  TYPE                 DETAILS\n${'-'.repeat(80)}\n` +
        '1001   3      yes        Noop                 \n' +
        '1002   3      no         UpdateJobStatus      job_id=3f2b9c1e-0000-4000-8...\n' +
        '\nShowing 2 entries\n',
      stderr: '',
    });
    const json = await sched('log', '-o', 'json', '-a', server.url, 'list', '--start-index', '1001', '--limit', '2');
    expect(JSON.parse(json.stdout)).toEqual({
      entries: [
        { index: 1001, term: 3, command_type: 'Noop', command_details: '', is_committed: true },
        { index: 1002, term: 3, command_type: 'UpdateJobStatus', command_details: `job_id=${ID}, status=Failed`, is_committed: false },
      ],
      commit_index: 1001,
      last_log_index: 1002,
      first_available_index: 1001,
    });
    expect(requests.map(({ startIndex, limit }) => [startIndex, limit])).toEqual([
      [0n, 100],
      [1001n, 2],
    ]);
  });

  it('an empty log', async () => {
    const server = await start({ getRaftLogEntries: () => ({ entries: [], commitIndex: 0n, lastLogIndex: 0n, firstAvailableIndex: 0n }) });
    expect(await sched('log', '-a', server.url, 'list')).toEqual({ code: 0, stdout: 'No log entries found.\n', stderr: '' });
  });
});
