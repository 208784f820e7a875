import { Code } from '@connectrpc/connect';
import { LEADER_ADDR_HEADER, notLeaderError } from '@sched/rpc';
import type { SubmitJobRequest } from '@sched/rpc/gen';
import type { FakeServer } from '../fake-scheduler.test-util';
import { rejectWith, useFakeServers } from '../fake-servers.test-util';
import { sched } from '../run-cli.test-util';

const JOB_ID = '3f2b9c1e-0000-4000-8000-000000000001';
const TABLE = `Job submitted successfully!\nJob ID: ${JOB_ID}\n`;

const start = useFakeServers();

/** A leader that records what it was asked to submit. */
async function startLeader(): Promise<{ server: FakeServer; requests: SubmitJobRequest[] }> {
  const requests: SubmitJobRequest[] = [];
  const server = await start({
    submitJob: (request) => {
      requests.push(request);
      return { jobId: JOB_ID, createdAtMs: 1700000000123n };
    },
  });
  return { server, requests };
}

const notLeader = (message: string) => rejectWith(message, Code.FailedPrecondition);

describe('job submit', () => {
  it('prints the job id (table) and sends the command without an image', async () => {
    const { server, requests } = await startLeader();
    expect(await sched('job', '-a', server.url, 'submit', 'echo hello')).toEqual({ code: 0, stdout: TABLE, stderr: '' });
    expect(requests[0]?.command).toBe('echo hello');
    expect(requests[0]?.image).toBeUndefined();
  });

  it('prints JSON and sends --image and the sched submit fields', async () => {
    const { server, requests } = await startLeader();
    const run = await sched('job', '-o', 'json', '-a', server.url, 'submit', 'echo hi', '--image', 'busybox:1', '--idempotency-key', 'k1', '--max-attempts', '5', '--timeout-ms', '1000');
    expect(run).toEqual({ code: 0, stdout: `{\n  "job_id": "${JOB_ID}",\n  "created_at_ms": 1700000000123\n}\n`, stderr: '' });
    expect(requests[0]).toMatchObject({ command: 'echo hi', image: 'busybox:1', idempotencyKey: 'k1', maxAttempts: 5, timeoutMs: 1000 });
  });

  it('redirects to the leader named by the x-sched-leader-addr trailer first', async () => {
    const { server: leader, requests } = await startLeader();
    const follower = await start({
      submitJob: (_request, context) => {
        context.responseTrailer.set(LEADER_ADDR_HEADER, leader.address);
        return notLeader('Not the leader. Try 127.0.0.1:1')(); // the message's address would fail
      },
    });
    const run = await sched('job', '-a', follower.url, 'submit', 'echo hi');
    expect(run).toEqual({ code: 0, stdout: TABLE, stderr: `Redirecting to leader at ${leader.url}...\n` });
    expect(requests).toHaveLength(1);
  });

  it('follows the not-leader error of @sched/rpc (message and trailers)', async () => {
    const { server: leader } = await startLeader();
    const follower = await start({
      submitJob: () => {
        throw notLeaderError({ id: 2, address: leader.address });
      },
    });
    expect(await sched('job', '-a', follower.url, 'submit', 'echo hi')).toEqual({
      code: 0,
      stdout: TABLE,
      stderr: `Redirecting to leader at ${leader.url}...\n`,
    });
  });

  it('redirects to the leader named by the not-leader message (a nomad-lite follower)', async () => {
    const { server: leader } = await startLeader();
    const follower = await start({
      submitJob: notLeader(`Not the leader. Try ${leader.address}`),
    });
    expect(await sched('job', '-a', follower.url, '-o', 'json', 'submit', 'echo hi')).toMatchObject({
      code: 0,
      stderr: `Redirecting to leader at ${leader.url}...\n`,
    });
  });

  it('falls back to GetClusterStatus when the follower does not know the address', async () => {
    const { server: leader } = await startLeader();
    const follower = await start({
      submitJob: notLeader('Not the leader. Try unknown address'),
      getClusterStatus: () => ({
        currentTerm: 2n,
        leaderId: 3n,
        nodes: [
          { nodeId: 1n, address: '127.0.0.1:1', isAlive: true },
          { nodeId: 3n, address: leader.address, isAlive: true },
        ],
      }),
    });
    expect(await sched('job', '-a', follower.url, 'submit', 'echo hi')).toEqual({
      code: 0,
      stdout: TABLE,
      stderr: `Redirecting to leader at ${leader.url}...\n`,
    });
    expect(follower.calls).toEqual(['submitJob', 'getClusterStatus']);
  });

  it('with no leader known, prints the error and a hint that works', async () => {
    const follower = await start({
      submitJob: notLeader('Not the leader. Leader unknown, retry later'),
      getClusterStatus: rejectWith('Leader unknown, please retry later', Code.Unavailable),
    });
    expect(await sched('job', '-a', follower.url, 'submit', 'echo hi')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error: Not the leader. Leader unknown, retry later\n' +
        "Hint: Use -a to specify the leader's address, e.g.:\n" +
        '  sched job -a http://<leader-ip>:<port> submit ...\n',
    });
  });

  it('reports a failure of the retried call', async () => {
    const stillFollower = await start({
      submitJob: notLeader('Not the leader. Try 127.0.0.1:1'),
    });
    const follower = await start({
      submitJob: notLeader(`Not the leader. Try ${stillFollower.address}`),
    });
    expect(await sched('job', '-a', follower.url, 'submit', 'echo hi')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        `Redirecting to leader at ${stillFollower.url}...\n` +
        'Error: Job submission failed after redirect: Not the leader. Try 127.0.0.1:1\n',
    });
  });

  it('a leader that cannot be reached is a connect error', async () => {
    const follower = await start({
      submitJob: notLeader('Not the leader. Try 127.0.0.1:1'),
    });
    const run = await sched('job', '-a', follower.url, 'submit', 'echo hi');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Redirecting to leader at http:\/\/127\.0\.0\.1:1\.\.\.\nError: cannot connect to http:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.*\n$/);
  });

  it('other errors are not redirected', async () => {
    const server = await start({
      submitJob: rejectWith('Command cannot be empty', Code.InvalidArgument),
    });
    expect(await sched('job', '-a', server.url, '-o', 'json', 'submit', '  ')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error: Job submission failed: Command cannot be empty\n',
    });
    expect(server.calls).toEqual(['submitJob']);
  });

  it('a FAILED_PRECONDITION without "Not the leader" is not redirected', async () => {
    const server = await start({
      submitJob: rejectWith('Node is draining', Code.FailedPrecondition),
    });
    expect((await sched('job', '-a', server.url, 'submit', 'x')).stderr).toBe('Error: Job submission failed: Node is draining\n');
  });
});
