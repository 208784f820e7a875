import { Code } from '@connectrpc/connect';
import { rejectWith, useFakeServers } from '../fake-servers.test-util';
import { sched } from '../run-cli.test-util';

const JOB_ID = '3f2b9c1e-0000-4000-8000-000000000001';
const start = useFakeServers();

describe('job cancel', () => {
  it('prints the server message verbatim (table) or the body (JSON)', async () => {
    const jobIds: string[] = [];
    const server = await start({
      cancelJob: ({ jobId }) => {
        jobIds.push(jobId);
        return { success: true, message: `job ${jobId} cancelled` };
      },
    });
    expect(await sched('job', '-a', server.url, 'cancel', JOB_ID)).toEqual({ code: 0, stdout: `job ${JOB_ID} cancelled\n`, stderr: '' });
    expect(await sched('job', '-a', server.url, '-o', 'json', 'cancel', JOB_ID)).toEqual({
      code: 0,
      stdout: `{\n  "success": true,\n  "message": "job ${JOB_ID} cancelled"\n}\n`,
      stderr: '',
    });
    expect(jobIds).toEqual([JOB_ID, JOB_ID]);
  });

  it.each([
    ['success=false', 'table', { cancelJob: () => ({ success: false, message: 'nope' }) }, 1, '', 'Cancel failed: nope\n'],
    ['success=false', 'json', { cancelJob: () => ({ success: false, message: 'nope' }) }, 1, '{\n  "success": false,\n  "message": "nope"\n}\n', 'Cancel failed: nope\n'],
    ['an RPC error', 'table', { cancelJob: rejectWith('job is already completed', Code.FailedPrecondition) }, 1, '', 'Error: Cancel failed: job is already completed\n'],
  ] as const)('%s fails (%s)', async (_case, output, fake, code, stdout, stderr) => {
    const server = await start(fake);
    expect(await sched('job', '-a', server.url, '-o', output, 'cancel', JOB_ID)).toEqual({ code, stdout, stderr });
  });

  it('is redirected to the leader, and a failure there says so', async () => {
    const leader = await start({
      cancelJob: rejectWith('job not found', Code.NotFound),
    });
    const follower = await start({
      cancelJob: rejectWith(`Not the leader. Try ${leader.address}`, Code.FailedPrecondition),
    });
    expect(await sched('job', '-a', follower.url, 'cancel', JOB_ID)).toEqual({
      code: 1,
      stdout: '',
      stderr: `Redirecting to leader at ${leader.url}...\nError: Cancel failed after redirect: job not found\n`,
    });
  });

  it('without a leader, the hint names the cancel command line', async () => {
    const follower = await start({
      cancelJob: rejectWith('Not the leader. Leader unknown, retry later', Code.FailedPrecondition),
    });
    expect((await sched('job', '-a', follower.url, 'cancel', JOB_ID)).stderr).toBe(
      'Error: Not the leader. Leader unknown, retry later\n' +
        "Hint: Use -a to specify the leader's address, e.g.:\n" +
        '  sched job -a http://<leader-ip>:<port> cancel ...\n',
    );
  });
});
