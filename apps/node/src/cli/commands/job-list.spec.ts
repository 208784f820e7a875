import { Code, ConnectError } from '@connectrpc/connect';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { type JobInfo, type JobInfoSchema, JobStatus, type ListJobsRequest, type StreamJobsRequest } from '@sched/rpc/gen';
import { rejectWith, useFakeServers } from '../fake-servers.test-util';
import { sched } from '../run-cli.test-util';

const start = useFakeServers();

const HEADER = 'JOB ID                                 STATUS       WORKER   COMMAND\n' + `${'-'.repeat(78)}\n`;

function job(n: number): MessageInitShape<typeof JobInfoSchema> {
  return {
    jobId: `3f2b9c1e-0000-4000-8000-${String(n).padStart(12, '0')}`,
    command: `echo ${n}`,
    status: JobStatus.COMPLETED,
    assignedWorker: 1n,
    createdAtMs: BigInt(n),
  };
}

function row(n: number): string {
  return `3f2b9c1e-0000-4000-8000-${String(n).padStart(12, '0')}   COMPLETED    1        echo ${n}\n`;
}

/** Five jobs served two per page, offsets as page tokens (like the reference). */
async function startPaged() {
  const requests: ListJobsRequest[] = [];
  const all = [1, 2, 3, 4, 5].map(job);
  const server = await start({
    listJobs: (request) => {
      requests.push(request);
      const offset = request.pageToken === '' ? 0 : Number(request.pageToken);
      const size = request.pageSize === 0 ? 100 : request.pageSize;
      const end = Math.min(offset + size, all.length);
      return { jobs: all.slice(offset, end), nextPageToken: end < all.length ? String(end) : '', totalCount: all.length };
    },
  });
  return { server, requests };
}

describe('job list, paginated', () => {
  it('fetches only the first page and says more exist', async () => {
    const { server, requests } = await startPaged();
    expect(await sched('job', '-a', server.url, 'list', '--page-size', '2')).toEqual({
      code: 0,
      stdout: `${HEADER}${row(1)}${row(2)}\nShowing 2 of 5 jobs\n(Use --all to fetch all pages)\n`,
      stderr: '',
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ pageSize: 2, pageToken: '', statusFilter: 0, workerIdFilter: 0n, commandFilter: '', createdAfterMs: 0n, createdBeforeMs: 0n });
  });

  it('follows next_page_token with --all', async () => {
    const { server, requests } = await startPaged();
    const run = await sched('job', '-a', server.url, 'list', '--page-size', '2', '--all');
    expect(run.stdout).toBe(`${HEADER}${[1, 2, 3, 4, 5].map(row).join('')}\nShowing 5 of 5 jobs\n`);
    expect(requests.map((request) => request.pageToken)).toEqual(['', '2', '4']);
  });

  it('sends the filters, the default page size, and prints JSON', async () => {
    const { server, requests } = await startPaged();
    const run = await sched(
      'job', '-a', server.url, '-o', 'json', 'list',
      '--status', 'Completed', '--worker', '18446744073709551615', '--command-substr', 'echo',
      '--created-after-ms', '-5', '--created-before-ms', '9223372036854775807', '--consistent',
    );
    expect(run.code).toBe(0);
    expect(requests[0]).toMatchObject({
      pageSize: 100,
      statusFilter: JobStatus.COMPLETED,
      workerIdFilter: 18446744073709551615n,
      commandFilter: 'echo',
      createdAfterMs: -5n,
      createdBeforeMs: 9223372036854775807n,
      consistent: true,
    });
    const parsed = JSON.parse(run.stdout) as { jobs: unknown[]; total_count: number; has_more: boolean };
    expect(parsed.jobs).toHaveLength(5);
    expect(parsed).toMatchObject({ total_count: 5, has_more: false });
  });

  it('no jobs', async () => {
    const server = await start({ listJobs: () => ({ jobs: [], nextPageToken: '', totalCount: 0 }) });
    expect(await sched('job', '-a', server.url, 'list')).toEqual({ code: 0, stdout: 'No jobs found.\n', stderr: '' });
  });

  it('an RPC error is `Error: <message>`', async () => {
    const server = await start({
      listJobs: rejectWith('Invalid page token', Code.InvalidArgument),
    });
    expect(await sched('job', '-a', server.url, 'list')).toEqual({ code: 1, stdout: '', stderr: 'Error: Invalid page token\n' });
  });
});

describe('job list --stream', () => {
  it('streams with the status filter and warns about the ignored filters', async () => {
    const requests: StreamJobsRequest[] = [];
    const server = await start({
      async *streamJobs(request) {
        requests.push(request);
        yield job(1);
        yield job(2);
      },
    });
    expect(await sched('job', '-a', server.url, 'list', '-s', '--status', 'FAILED', '--worker', '2', '--all')).toEqual({
      code: 0,
      stdout: `${HEADER}${row(1)}${row(2)}\nShowing 2 of 2 jobs\n`,
      stderr: 'Warning: --stream only supports --status; --worker, --command-substr, and time filters are ignored\n',
    });
    expect(requests[0]?.statusFilter).toBe(JobStatus.FAILED);
    const quiet = await sched('job', '-a', server.url, '-o', 'json', 'list', '--stream');
    expect(quiet.stderr).toBe('');
    expect(JSON.parse(quiet.stdout)).toMatchObject({ total_count: 2, has_more: false });
  });

  it('a stream broken after some jobs prints them, then fails', async () => {
    const server = await start({
      async *streamJobs() {
        yield job(1);
        throw new ConnectError('node shutting down', Code.Unavailable);
      },
    });
    expect(await sched('job', '-a', server.url, 'list', '--stream')).toEqual({
      code: 1,
      stdout: `${HEADER}${row(1)}\nShowing 1 of 1 jobs\n`,
      stderr: 'Stream error: node shutting down\n',
    });
  });

  it('a stream refused before any job is a plain error', async () => {
    const server = await start({
      async *streamJobs(): AsyncGenerator<JobInfo> {
        throw new ConnectError('consistent reads need a leader', Code.Unavailable);
      },
    });
    expect(await sched('job', '-a', server.url, 'list', '--stream')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error: consistent reads need a leader\n',
    });
  });
});
