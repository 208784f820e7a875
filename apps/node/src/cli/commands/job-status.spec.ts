import { Code } from '@connectrpc/connect';
import { JobStatus } from '@sched/rpc/gen';
import { rejectWith, useFakeServers } from '../fake-servers.test-util';
import { sched } from '../run-cli.test-util';

const JOB_ID = '3f2b9c1e-0000-4000-8000-000000000001';
const start = useFakeServers();

describe('job status', () => {
  it('prints the job (table and JSON) from the addressed node', async () => {
    const asked: Array<{ jobId: string; consistent: boolean | undefined }> = [];
    const server = await start({
      getJobStatus: ({ jobId, consistent }) => {
        asked.push({ jobId, consistent });
        return { jobId, status: JobStatus.COMPLETED, output: 'hello\n', exitCode: 0, assignedWorker: 1n, executedBy: 1n, createdAtMs: 10n, completedAtMs: 20n };
      },
    });
    expect(await sched('job', '-a', server.url, 'status', JOB_ID)).toEqual({
      code: 0,
      stdout: `Job ID:          ${JOB_ID}\nStatus:          COMPLETED\nExit Code:       0\nAssigned Worker: 1\nExecuted By:     1\nOutput:\n  hello\n`,
      stderr: '',
    });
    const json = await sched('job', '-o', 'json', '-a', server.url, 'status', JOB_ID, '--consistent');
    expect(json.code).toBe(0);
    expect(json.stdout).toContain('"completed_at_ms": 20\n}\n');
    expect(asked).toEqual([
      { jobId: JOB_ID, consistent: undefined },
      { jobId: JOB_ID, consistent: true },
    ]);
  });

  it('an RPC error is `Error: <message>`, exit 1', async () => {
    const server = await start({
      getJobStatus: rejectWith('Job not found', Code.NotFound),
    });
    for (const output of ['table', 'json']) {
      expect(await sched('job', '-o', output, '-a', server.url, 'status', JOB_ID)).toEqual({ code: 1, stdout: '', stderr: 'Error: Job not found\n' });
    }
  });

  it('an error without a message shows its code', async () => {
    const server = await start({
      getJobStatus: rejectWith('', Code.PermissionDenied),
    });
    expect((await sched('job', '-a', server.url, 'status', JOB_ID)).stderr).toBe('Error: PERMISSION_DENIED\n');
  });

  it('a node that cannot be reached is `Error: cannot connect to <url>: <reason>`', async () => {
    const closed = await start({});
    await closed.close();
    const run = await sched('job', '-a', closed.url, 'status', JOB_ID);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`Error: cannot connect to ${closed.url}: connect ECONNREFUSED ${closed.address}\n`);
  });
});
