import * as grpc from '@grpc/grpc-js';
import { freePorts } from '../src/cluster/local-cluster.test-util';
import { codeAndMessage, GrpcJsNode, grpcFailure, killAll, startThreeNodes } from './interop.test-util';
import { eventually, type ServerProcess } from './server-process.test-util';

jest.setTimeout(60_000);

/** The wire forms grpc-js hands back (see interop.test-util.ts): snake_case, 64-bit as strings. */
interface ClusterStatus {
  readonly current_term: string;
  readonly leader_id: string;
  readonly nodes: readonly { node_id: string; address: string; is_alive: boolean }[];
}
interface Submitted {
  readonly job_id: string;
  readonly created_at_ms: string;
}
interface JobStatusView {
  readonly job_id: string;
  readonly status: string;
  readonly output: string;
  readonly error: string;
  readonly assigned_worker: string;
  readonly executed_by: string;
  readonly exit_code?: number;
  readonly created_at_ms: string;
  readonly completed_at_ms?: string;
}
interface JobInfo {
  readonly job_id: string;
  readonly command: string;
  readonly status: string;
  readonly assigned_worker: string;
  readonly created_at_ms: string;
  readonly completed_at_ms?: string;
}
interface JobPage {
  readonly jobs: readonly JobInfo[];
  readonly next_page_token: string;
  readonly total_count: number;
}
interface LogEntries {
  readonly entries: readonly { index: string; term: string; command: Record<string, unknown> | null; is_committed: boolean }[];
  readonly commit_index: string;
  readonly last_log_index: string;
  readonly first_available_index: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNKNOWN_JOB = '00000000-0000-4000-8000-000000000000';

/**
 * deliverable 7 "interop" of issue 5: three real `sched server` processes (plaintext) and
 * an independent client — @grpc/grpc-js loading proto/scheduler.proto at run time — calling
 * every RPC of SchedulerService and InternalService, with the success shapes and the
 * status codes and exact messages of REF §4.1–4.3 that a client can provoke.
 */
describe('an independent grpc-js client against a three-process cluster', () => {
  let ports: number[];
  let servers = new Map<number, ServerProcess>();
  const clients = new Map<number, GrpcJsNode>();
  const node = (id: number) => clients.get(id)!;
  const address = (id: number) => `127.0.0.1:${ports[id - 1]}`;
  const notLeaderText = (leader: number) => `Not the leader. Try ${address(leader)}`;

  /** The leader, once every node is alive and node 1 (forwarding if it follows) names one. */
  const settledLeader = () =>
    eventually(async () => {
      const status = await node(1).scheduler<ClusterStatus>('GetClusterStatus');
      return status.leader_id !== '0' && status.nodes.every((n) => n.is_alive) ? Number(status.leader_id) : undefined;
    });
  const followersOf = (leader: number) => [1, 2, 3].filter((id) => id !== leader);
  const statusOn = (id: number, jobId: string) => node(id).scheduler<JobStatusView>('GetJobStatus', { job_id: jobId });
  const reaches = (id: number, jobId: string, status: string) =>
    eventually(async () => {
      const view = await statusOn(id, jobId);
      return view.status === status ? view : undefined;
    });

  beforeAll(async () => {
    ports = await freePorts(3);
    servers = startThreeNodes(ports, () => ['--executor', 'sandbox', '--worker-slots', '2']);
    for (const id of [1, 2, 3]) clients.set(id, new GrpcJsNode(address(id)));
    await settledLeader();
  });
  afterAll(async () => {
    for (const client of clients.values()) client.close();
    await killAll(servers.values());
  });

  let leader: number;
  let hello: JobStatusView;
  let imageJob: string;

  it('GetClusterStatus: every node (followers forward to the leader) reports the same leader, term and three alive nodes', async () => {
    leader = await settledLeader();
    const views = await Promise.all([1, 2, 3].map((id) => node(id).scheduler<ClusterStatus>('GetClusterStatus')));
    for (const view of views) {
      expect(view).toEqual({
        current_term: views[0]!.current_term,
        leader_id: String(leader),
        nodes: [1, 2, 3].map((id) => ({ node_id: String(id), address: address(id), is_alive: true })),
      });
    }
    expect(Number(views[0]!.current_term)).toBeGreaterThan(0);
  });

  it('SubmitJob: `echo hello` runs to COMPLETED, and a node that did not run it serves its output', async () => {
    const before = Date.now();
    const submitted = await node(leader).scheduler<Submitted>('SubmitJob', { command: 'echo hello' });
    expect(Object.keys(submitted).sort()).toEqual(['created_at_ms', 'job_id']);
    expect(submitted.job_id).toMatch(UUID);
    expect(Number(submitted.created_at_ms)).toBeGreaterThanOrEqual(before - 1000);
    const done = await reaches(leader, submitted.job_id, 'JOB_STATUS_COMPLETED');
    const other = [1, 2, 3].find((id) => String(id) !== done.executed_by)!;
    hello = await reaches(other, submitted.job_id, 'JOB_STATUS_COMPLETED');
    expect(hello).toMatchObject({
      job_id: submitted.job_id,
      status: 'JOB_STATUS_COMPLETED',
      output: 'hello\n',
      error: '',
      executed_by: done.executed_by,
      exit_code: 0,
      created_at_ms: submitted.created_at_ms,
    });
    expect(['1', '2', '3']).toContain(hello.executed_by);
    expect(Number(hello.completed_at_ms)).toBeGreaterThanOrEqual(Number(hello.created_at_ms));
  });

  it('GetJobOutput (InternalService): the output on the node that ran the job, found=false elsewhere', async () => {
    const runner = Number(hello.executed_by);
    expect(await node(runner).internal('GetJobOutput', { job_id: hello.job_id })).toEqual({ job_id: hello.job_id, output: 'hello\n', error: '', found: true });
    const other = [1, 2, 3].find((id) => id !== runner)!;
    expect(await node(other).internal('GetJobOutput', { job_id: hello.job_id })).toEqual({ job_id: hello.job_id, output: '', error: '', found: false });
  });

  it('SubmitJob: the optional image (a job only a docker worker may run: it stays PENDING here) and idempotency_key', async () => {
    const withImage = await node(leader).scheduler<Submitted>('SubmitJob', { command: 'echo from an image', image: 'alpine:latest' });
    imageJob = withImage.job_id;
    expect((await statusOn(leader, imageJob)).status).toBe('JOB_STATUS_PENDING');

    const first = await node(leader).scheduler<Submitted>('SubmitJob', { command: 'echo once', idempotency_key: 'interop-key-1' });
    const retried = await node(leader).scheduler<Submitted>('SubmitJob', { command: 'echo once', idempotency_key: 'interop-key-1' });
    expect(retried).toEqual(first);
    const otherKey = await node(leader).scheduler<Submitted>('SubmitJob', { command: 'echo once', idempotency_key: 'interop-key-2' });
    expect(otherKey.job_id).not.toBe(first.job_id);
    const onceJobs = await node(leader).scheduler<JobPage>('ListJobs', { command_filter: 'echo once' });
    expect(onceJobs.jobs.map((j) => j.job_id).sort()).toEqual([first.job_id, otherKey.job_id].sort());
  });

  it('StreamJobs: the local table in created_at order, whole or filtered by status', async () => {
    const follower = followersOf(leader)[0]!;
    const all = await eventually(async () => {
      const streamed = await node(follower).stream<JobInfo>('StreamJobs', {});
      return streamed.some((j) => j.job_id === imageJob) ? streamed : undefined;
    });
    const listed = await node(follower).scheduler<JobPage>('ListJobs', { page_size: 1000 });
    expect(all.map((j) => j.job_id)).toEqual(listed.jobs.map((j) => j.job_id));
    const createdAt = all.map((j) => Number(j.created_at_ms));
    expect(createdAt).toEqual([...createdAt].sort((a, b) => a - b));
    expect(all.find((j) => j.job_id === hello.job_id)).toMatchObject({ command: 'echo hello', status: 'JOB_STATUS_COMPLETED', assigned_worker: hello.executed_by });

    const pending = await node(follower).stream<JobInfo>('StreamJobs', { status_filter: 'JOB_STATUS_PENDING' });
    expect(pending.map((j) => j.job_id)).toContain(imageJob);
    expect(pending.every((j) => j.status === 'JOB_STATUS_PENDING')).toBe(true);
    const completed = await node(follower).stream<JobInfo>('StreamJobs', { status_filter: 'JOB_STATUS_COMPLETED' });
    expect(completed.map((j) => j.job_id)).toContain(hello.job_id);
    expect(completed.every((j) => j.status === 'JOB_STATUS_COMPLETED')).toBe(true);
  });

  it('ListJobs: status, worker, command and created_at filters, paging, and `Invalid page token`', async () => {
    const ids: string[] = [];
    for (const k of [0, 1, 2, 3]) ids.push((await node(leader).scheduler<Submitted>('SubmitJob', { command: `echo Page-${k}` })).job_id);
    const follower = followersOf(leader)[0]!;
    const list = (request: object) => node(follower).scheduler<JobPage>('ListJobs', request);
    const all = await eventually(async () => {
      const page = await list({ command_filter: 'PAGE-', status_filter: 'JOB_STATUS_COMPLETED' });
      return page.total_count === 4 ? page : undefined;
    });
    expect(all.jobs.map((j) => j.job_id)).toEqual(ids);
    expect(all.jobs.map((j) => j.command)).toEqual(['echo Page-0', 'echo Page-1', 'echo Page-2', 'echo Page-3']);
    expect(all.next_page_token).toBe('');
    expect(await list({ command_filter: 'page-', status_filter: 'JOB_STATUS_PENDING' })).toEqual({ jobs: [], next_page_token: '', total_count: 0 });

    const first = await list({ command_filter: 'page-', page_size: 3 });
    expect([first.jobs.map((j) => j.job_id), first.next_page_token, first.total_count]).toEqual([ids.slice(0, 3), '3', 4]);
    const last = await list({ command_filter: 'page-', page_size: 3, page_token: first.next_page_token });
    expect([last.jobs.map((j) => j.job_id), last.next_page_token, last.total_count]).toEqual([ids.slice(3), '', 4]);
    expect(await list({ command_filter: 'page-', page_token: '99' })).toEqual({ jobs: [], next_page_token: '', total_count: 4 });

    const window = await list({ command_filter: 'page-', created_after_ms: all.jobs[1]!.created_at_ms, created_before_ms: all.jobs[2]!.created_at_ms });
    expect(window.jobs.map((j) => j.job_id)).toEqual(ids.slice(1, 3));

    const worker = all.jobs[0]!.assigned_worker;
    const onWorker = await list({ command_filter: 'page-', worker_id_filter: worker });
    expect(onWorker.jobs.map((j) => j.job_id)).toEqual(all.jobs.filter((j) => j.assigned_worker === worker).map((j) => j.job_id));

    for (const token of ['abc', '-1', '1.5']) {
      expect(codeAndMessage(await grpcFailure(list({ page_token: token })))).toEqual(['INVALID_ARGUMENT', 'Invalid page token']);
    }
  });

  it('SubmitJob validation: `Command cannot be empty`, `Command exceeds maximum allowed length` (bytes), checked before leadership', async () => {
    const follower = followersOf(leader)[0]!;
    for (const id of [leader, follower]) {
      for (const command of ['', '   \t ']) {
        expect(codeAndMessage(await grpcFailure(node(id).scheduler('SubmitJob', { command })))).toEqual(['INVALID_ARGUMENT', 'Command cannot be empty']);
      }
      for (const command of [`echo ${'x'.repeat(1020)}`, `echo ${'é'.repeat(510)}`]) {
        expect(Buffer.byteLength(command)).toBe(1025);
        expect(codeAndMessage(await grpcFailure(node(id).scheduler('SubmitJob', { command })))).toEqual([
          'INVALID_ARGUMENT',
          'Command exceeds maximum allowed length',
        ]);
      }
    }
    const longest = `echo ${'x'.repeat(1019)}`;
    expect(Buffer.byteLength(longest)).toBe(1024);
    expect((await node(leader).scheduler<Submitted>('SubmitJob', { command: longest })).job_id).toMatch(UUID);
  });

  it('SubmitJob and CancelJob on a follower: FAILED_PRECONDITION `Not the leader. Try <addr>` with the leader in trailers', async () => {
    for (const follower of followersOf(leader)) {
      for (const call of [node(follower).scheduler('SubmitJob', { command: 'echo redirected' }), node(follower).scheduler('CancelJob', { job_id: imageJob })]) {
        const error = await grpcFailure(call);
        expect(codeAndMessage(error)).toEqual(['FAILED_PRECONDITION', notLeaderText(leader)]);
        expect(error.metadata.get('x-sched-leader-id')).toEqual([String(leader)]);
        expect(error.metadata.get('x-sched-leader-addr')).toEqual([address(leader)]);
      }
      // A bad id is refused before the leader check, as in REF.
      expect(codeAndMessage(await grpcFailure(node(follower).scheduler('CancelJob', { job_id: 'nope' })))).toEqual(['INVALID_ARGUMENT', 'invalid job_id']);
    }
  });

  it('bad and unknown job ids: `invalid job_id` / `Invalid job ID`, NOT_FOUND `job not found` / `Job not found`', async () => {
    for (const bad of ['not-a-uuid', '', '1234']) {
      expect(codeAndMessage(await grpcFailure(node(leader).scheduler('CancelJob', { job_id: bad })))).toEqual(['INVALID_ARGUMENT', 'invalid job_id']);
      for (const id of [1, 2, 3]) {
        expect(codeAndMessage(await grpcFailure(node(id).scheduler('GetJobStatus', { job_id: bad })))).toEqual(['INVALID_ARGUMENT', 'Invalid job ID']);
        expect(codeAndMessage(await grpcFailure(node(id).internal('GetJobOutput', { job_id: bad })))).toEqual(['INVALID_ARGUMENT', 'Invalid job ID']);
      }
    }
    expect(codeAndMessage(await grpcFailure(node(leader).scheduler('CancelJob', { job_id: UNKNOWN_JOB })))).toEqual(['NOT_FOUND', 'job not found']);
    for (const id of [1, 2, 3]) {
      expect(codeAndMessage(await grpcFailure(node(id).scheduler('GetJobStatus', { job_id: UNKNOWN_JOB })))).toEqual(['NOT_FOUND', 'Job not found']);
      expect(codeAndMessage(await grpcFailure(node(id).internal('GetJobOutput', { job_id: UNKNOWN_JOB })))).toEqual(['NOT_FOUND', 'Job not found']);
    }
  });

  it('CancelJob: a pending job is cancelled; a finished one is FAILED_PRECONDITION `job is already <status>`', async () => {
    expect(await node(leader).scheduler('CancelJob', { job_id: imageJob })).toEqual({ success: true, message: `job ${imageJob} cancelled` });
    const follower = followersOf(leader)[0]!;
    expect((await reaches(follower, imageJob, 'JOB_STATUS_CANCELLED')).output).toBe('');
    expect(codeAndMessage(await grpcFailure(node(leader).scheduler('CancelJob', { job_id: imageJob })))).toEqual(['FAILED_PRECONDITION', 'job is already cancelled']);
    expect(codeAndMessage(await grpcFailure(node(leader).scheduler('CancelJob', { job_id: hello.job_id })))).toEqual(['FAILED_PRECONDITION', 'job is already completed']);
    const cancelled = await node(follower).scheduler<JobPage>('ListJobs', { status_filter: 'JOB_STATUS_CANCELLED' });
    expect(cancelled.jobs.map((j) => j.job_id)).toEqual([imageJob]);
  });

  it('GetRaftLogEntries (forwarded by a follower): the Noop at index 1, the SubmitJob entries, limits and the end of the log', async () => {
    const follower = followersOf(leader)[0]!;
    const log = await node(follower).scheduler<LogEntries>('GetRaftLogEntries', { start_index: 0, limit: 1000 });
    expect(log.first_available_index).toBe('1');
    expect(log.entries[0]).toMatchObject({ index: '1', is_committed: true });
    expect(log.entries[0]!.command?.['command_type']).toBeUndefined();
    expect(log.entries.map((e) => Number(e.index))).toEqual(log.entries.map((_, k) => k + 1));
    expect(Number(log.last_log_index)).toBe(log.entries.length);
    expect(Number(log.commit_index)).toBeLessThanOrEqual(Number(log.last_log_index));
    const submit = log.entries.find((e) => (e.command?.['submit_job'] as { job_id?: string } | undefined)?.job_id === hello.job_id);
    expect(submit?.command).toMatchObject({ command_type: 'submit_job', submit_job: { job_id: hello.job_id, command: 'echo hello', created_at_ms: hello.created_at_ms } });

    const two = await node(follower).scheduler<LogEntries>('GetRaftLogEntries', { start_index: 2, limit: 2 });
    expect(two.entries.map((e) => e.index)).toEqual(['2', '3']);
    const past = await node(leader).scheduler<LogEntries>('GetRaftLogEntries', { start_index: Number(log.last_log_index) + 100, limit: 10 });
    expect(past.entries).toEqual([]);
  });

  it('WorkerHeartbeat and ForwardJobStatus (InternalService): accepted by the leader, redirected by followers, refused when malformed', async () => {
    const follower = followersOf(leader)[0]!;
    expect(await node(leader).internal('WorkerHeartbeat', { node_id: leader, slots: 2, executors: ['sandbox'] })).toEqual({});
    const beat = await grpcFailure(node(follower).internal('WorkerHeartbeat', { node_id: follower, slots: 2, executors: ['sandbox'] }));
    expect(codeAndMessage(beat)).toEqual(['FAILED_PRECONDITION', notLeaderText(leader)]);
    expect(codeAndMessage(await grpcFailure(node(leader).internal('WorkerHeartbeat', { node_id: 99 })))).toEqual(['INVALID_ARGUMENT', 'Unknown worker node 99']);

    for (const id of [1, 2, 3]) expect(await node(id).internal('ForwardJobStatus', { updates: [] })).toEqual({});
    // The finished job's result again: a repeated result is a no-op, answered OK.
    const replay = {
      job_id: hello.job_id,
      status: 'JOB_STATUS_COMPLETED',
      executed_by: hello.executed_by,
      exit_code: 0,
      completed_at_ms: hello.completed_at_ms,
      attempt: 1,
    };
    expect(await node(leader).internal('ForwardJobStatus', { updates: [replay] })).toEqual({});
    expect(await statusOn(leader, hello.job_id)).toMatchObject({ status: 'JOB_STATUS_COMPLETED', output: 'hello\n', completed_at_ms: hello.completed_at_ms });
    expect(codeAndMessage(await grpcFailure(node(follower).internal('ForwardJobStatus', { updates: [replay] })))).toEqual(['FAILED_PRECONDITION', notLeaderText(leader)]);
    const malformed = await grpcFailure(node(leader).internal('ForwardJobStatus', { updates: [{ ...replay, job_id: 'nope' }] }));
    expect(codeAndMessage(malformed)).toEqual(['INVALID_ARGUMENT', 'Invalid status updates: updates[0]: job_id "nope" is not a UUID']);
  });

  it('DrainNode: UNAVAILABLE `Node is draining and not accepting new jobs` until UndrainNode', async () => {
    const follower = followersOf(leader)[0]!;
    expect(await node(follower).scheduler('DrainNode', {})).toEqual({ success: true, message: 'Node drained successfully' });
    for (const command of ['echo while draining', '']) {
      expect(codeAndMessage(await grpcFailure(node(follower).scheduler('SubmitJob', { command })))).toEqual([
        'UNAVAILABLE',
        'Node is draining and not accepting new jobs',
      ]);
    }
    expect(await node(follower).scheduler('UndrainNode', {})).toEqual({ success: true, message: 'Node undrained successfully' });
    expect(await node(follower).scheduler('UndrainNode', {})).toEqual({ success: true, message: 'Node was not draining' });
    // Accepting again: a follower's submit is back to the not-leader redirect.
    expect(codeAndMessage(await grpcFailure(node(follower).scheduler('SubmitJob', { command: 'echo after undrain' })))).toEqual([
      'FAILED_PRECONDITION',
      notLeaderText(leader),
    ]);
  });

  it('deadlines: a 1 ms deadline is DEADLINE_EXCEEDED on the client; a keyed submit retried after one makes one job', async () => {
    // DrainNode on a node running a job waits for it (polling every 500 ms): it cannot answer within 1 ms.
    const sleeper = await node(leader).scheduler<Submitted>('SubmitJob', { command: 'sleep 5' });
    const busy = Number((await reaches(leader, sleeper.job_id, 'JOB_STATUS_RUNNING')).assigned_worker);
    expect((await grpcFailure(node(busy).scheduler('DrainNode', {}, { deadlineMs: 1 }))).code).toBe(grpc.status.DEADLINE_EXCEEDED);
    // A drain that reached the node goes on without its caller and UndrainNode ends it; under
    // load the 1 ms call may also have been given up before the node ever saw it.
    const undrained = await node(busy).scheduler<{ success: boolean; message: string }>('UndrainNode', {});
    expect(undrained.success).toBe(true);
    expect(['Node undrained successfully', 'Node was not draining']).toContain(undrained.message);
    expect(await node(leader).scheduler('CancelJob', { job_id: sleeper.job_id })).toEqual({ success: true, message: `job ${sleeper.job_id} cancelled` });

    // A submit given up by its client may still commit; its retry with the same key finds it.
    const keyed = { command: 'echo deadline', idempotency_key: 'interop-deadline' };
    const outcome = await node(leader).scheduler('SubmitJob', keyed, { deadlineMs: 1 }).then(
      () => 'OK',
      (error: grpc.ServiceError) => codeAndMessage(error)[0],
    );
    expect(['DEADLINE_EXCEEDED', 'OK']).toContain(outcome);
    const retried = await node(leader).scheduler<Submitted>('SubmitJob', keyed);
    const jobs = await node(leader).scheduler<JobPage>('ListJobs', { command_filter: 'echo deadline' });
    expect(jobs.jobs.map((j) => j.job_id)).toEqual([retried.job_id]);
  });

  it('TransferLeadership: an unknown target fails in-band; a real one moves the leader, and the redirect follows it', async () => {
    expect(await node(leader).scheduler('TransferLeadership', { target_node_id: 99 })).toEqual({ success: false, message: 'Unknown target node 99', new_leader_id: '0' });
    const target = followersOf(leader)[1]!;
    expect(await node(leader).scheduler('TransferLeadership', { target_node_id: target })).toEqual({
      success: true,
      message: `Leadership transferred to node ${target}`,
      new_leader_id: String(target),
    });
    const old = leader;
    leader = await settledLeader();
    expect(leader).toBe(target);
    const error = await grpcFailure(node(old).scheduler('SubmitJob', { command: 'echo to the old leader' }));
    expect(codeAndMessage(error)).toEqual(['FAILED_PRECONDITION', notLeaderText(target)]);
    expect(error.metadata.get('x-sched-leader-addr')).toEqual([address(target)]);
    const submitted = await node(target).scheduler<Submitted>('SubmitJob', { command: 'echo after transfer' });
    expect((await reaches(old, submitted.job_id, 'JOB_STATUS_COMPLETED')).output).toBe('after transfer\n');
  });
});
