import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type DescMessage, ScalarType, create, equals, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  CommandSchema,
  GetJobStatusResponseSchema,
  InternalService,
  JobStatus,
  ListJobsRequestSchema,
  SchedulerService,
  SubmitJobRequestSchema,
  file_scheduler,
  raftv1,
} from './gen-index';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

/** proto field name -> [field number, type (scalar name, 'enum', 'message', 'list'), `optional` marker] */
function fieldTable(schema: DescMessage): Record<string, [number, string, boolean]> {
  const out: Record<string, [number, string, boolean]> = {};
  for (const f of schema.fields) {
    const type = f.fieldKind === 'scalar' ? ScalarType[f.scalar] : f.fieldKind;
    out[f.name] = [f.number, String(type), f.proto.proto3Optional === true];
  }
  return out;
}

describe('scheduler (client API) wire facts', () => {
  it('encodes SubmitJobRequest{command, image} exactly like nomad-lite', () => {
    const msg = create(SubmitJobRequestSchema, { command: 'x', image: 'y' });
    expect(toBinary(SubmitJobRequestSchema, msg)).toEqual(bytes(0x0a, 0x01, 0x78, 0x12, 0x01, 0x79));
    // image is `optional`: absent encodes nothing, an explicit "" is still sent.
    expect(toBinary(SubmitJobRequestSchema, create(SubmitJobRequestSchema, { command: 'x' }))).toEqual(
      bytes(0x0a, 0x01, 0x78),
    );
    expect(toBinary(SubmitJobRequestSchema, create(SubmitJobRequestSchema, { image: '' }))).toEqual(
      bytes(0x12, 0x00),
    );
    // sched addition: idempotency_key = 3.
    expect(toBinary(SubmitJobRequestSchema, create(SubmitJobRequestSchema, { idempotencyKey: 'k' }))).toEqual(
      bytes(0x1a, 0x01, 0x6b),
    );
    const back = fromBinary(SubmitJobRequestSchema, bytes(0x0a, 0x01, 0x78, 0x12, 0x01, 0x79));
    expect(back.command).toBe('x');
    expect(back.image).toBe('y');
    expect(back.idempotencyKey).toBeUndefined();
  });

  it('keeps ListJobsRequest field numbers and types', () => {
    expect(fieldTable(ListJobsRequestSchema)).toEqual({
      page_size: [1, 'UINT32', false],
      page_token: [2, 'STRING', false],
      status_filter: [3, 'enum', false],
      worker_id_filter: [4, 'UINT64', false],
      command_filter: [5, 'STRING', false],
      created_after_ms: [6, 'INT64', false],
      created_before_ms: [7, 'INT64', false],
      consistent: [8, 'BOOL', true], // sched addition
    });
    const msg = create(ListJobsRequestSchema, {
      pageSize: 5,
      pageToken: '7',
      statusFilter: JobStatus.CANCELLED,
      workerIdFilter: 2n,
      commandFilter: 'e',
      createdAfterMs: -1n,
      createdBeforeMs: 1n,
    });
    expect(toBinary(ListJobsRequestSchema, msg)).toEqual(
      // prettier-ignore
      bytes(
        0x08, 0x05,
        0x12, 0x01, 0x37,
        0x18, 0x05,
        0x20, 0x02,
        0x2a, 0x01, 0x65,
        0x30, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, // int64 -1: ten varint bytes
        0x38, 0x01,
      ),
    );
    expect(equals(ListJobsRequestSchema, fromBinary(ListJobsRequestSchema, toBinary(ListJobsRequestSchema, msg)), msg)).toBe(
      true,
    );
  });

  it('keeps the optional markers of GetJobStatusResponse', () => {
    const t = fieldTable(GetJobStatusResponseSchema);
    expect(t['exit_code']).toEqual([7, 'INT32', true]);
    expect(t['completed_at_ms']).toEqual([9, 'INT64', true]);
    expect(t['created_at_ms']).toEqual([8, 'INT64', false]);
    // exit code 0 is present and therefore on the wire (tag 7, varint 0).
    const msg = create(GetJobStatusResponseSchema, { exitCode: 0 });
    expect(toBinary(GetJobStatusResponseSchema, msg)).toEqual(bytes(0x38, 0x00));
    expect(fromBinary(GetJobStatusResponseSchema, bytes()).exitCode).toBeUndefined();
  });

  it('has JobStatus 0..5 and the Command oneof variants 1..6', () => {
    expect([
      JobStatus.UNSPECIFIED,
      JobStatus.PENDING,
      JobStatus.RUNNING,
      JobStatus.COMPLETED,
      JobStatus.FAILED,
      JobStatus.CANCELLED,
    ]).toEqual([0, 1, 2, 3, 4, 5]);

    const oneof = CommandSchema.oneofs.find((o) => o.name === 'command_type');
    expect(oneof?.fields.map((f) => [f.name, f.number])).toEqual([
      ['submit_job', 1],
      ['update_job_status', 2],
      ['register_worker', 3],
      ['batch_update_job_status', 4],
      ['assign_job', 5],
      ['cancel_job', 6],
      ['worker_lost', 7], // sched addition
      ['evict_jobs', 8], // sched addition
      ['set_worker_draining', 9], // sched addition
    ]);

    const cancel = create(CommandSchema, { commandType: { case: 'cancelJob', value: { jobId: 'a' } } });
    const wire = toBinary(CommandSchema, cancel);
    expect(wire).toEqual(bytes(0x32, 0x03, 0x0a, 0x01, 0x61));
    expect(fromBinary(CommandSchema, wire).commandType).toEqual({
      case: 'cancelJob',
      value: expect.objectContaining({ jobId: 'a' }),
    });

    const submit = create(CommandSchema, {
      commandType: { case: 'submitJob', value: { jobId: 'j', command: 'c', createdAtMs: 3n, image: 'i' } },
    });
    const submitBack = fromBinary(CommandSchema, toBinary(CommandSchema, submit));
    expect(equals(CommandSchema, submitBack, submit)).toBe(true);
    // A Command with no variant is a no-op entry; it encodes to nothing.
    expect(toBinary(CommandSchema, create(CommandSchema))).toEqual(bytes());
  });

  it('declares exactly the reference services, methods and streaming kinds', () => {
    expect(file_scheduler.proto.package).toBe('scheduler');
    expect(file_scheduler.services.map((s) => s.typeName)).toEqual([
      'scheduler.SchedulerService',
      'scheduler.InternalService',
    ]);
    expect(SchedulerService.typeName).toBe('scheduler.SchedulerService');
    expect(SchedulerService.methods.map((m) => [m.name, m.methodKind])).toEqual([
      ['SubmitJob', 'unary'],
      ['GetJobStatus', 'unary'],
      ['ListJobs', 'unary'],
      ['StreamJobs', 'server_streaming'],
      ['GetClusterStatus', 'unary'],
      ['GetRaftLogEntries', 'unary'],
      ['TransferLeadership', 'unary'],
      ['DrainNode', 'unary'],
      ['CancelJob', 'unary'],
      ['UndrainNode', 'unary'], // sched addition
    ]);
    expect(SchedulerService.method.streamJobs.output.typeName).toBe('scheduler.JobInfo');
    expect(InternalService.typeName).toBe('scheduler.InternalService');
    expect(InternalService.methods.map((m) => [m.name, m.methodKind])).toEqual([
      ['GetJobOutput', 'unary'],
      ['WorkerHeartbeat', 'unary'],
      ['ForwardJobStatus', 'unary'],
    ]);
    expect(InternalService.method.forwardJobStatus.input.field['updates']?.message?.typeName).toBe(
      'scheduler.UpdateJobStatusCommand',
    );
  });
});

describe('sched.raft.v1 (node-to-node)', () => {
  it('names the RaftService RPCs like the reference', () => {
    expect(raftv1.RaftService.typeName).toBe('sched.raft.v1.RaftService');
    expect(raftv1.RaftService.methods.map((m) => [m.name, m.methodKind])).toEqual([
      ['RequestVote', 'unary'],
      ['AppendEntries', 'unary'],
      ['InstallSnapshot', 'unary'],
      ['TimeoutNow', 'unary'],
    ]);
  });

  it('round-trips a batch with 64-bit values, entries and several message kinds', () => {
    const big = 2n ** 63n + 5n; // beyond Number.MAX_SAFE_INTEGER and int64
    const req = create(raftv1.AppendEntriesRequestSchema, {
      from: 1n,
      to: 2n,
      messages: [
        {
          term: 7n,
          body: {
            case: 'append',
            value: {
              prevIndex: big,
              prevTerm: 6n,
              commit: 9n,
              entries: [
                { index: big + 1n, term: 7n, kind: raftv1.EntryKind.NORMAL, data: bytes(1, 2, 3) },
                { index: big + 2n, term: 7n, kind: raftv1.EntryKind.NOOP, data: bytes() },
              ],
            },
          },
        },
        { term: 7n, body: { case: 'heartbeat', value: { commit: 4n, context: 'r1' } } },
        { term: 7n, body: { case: 'readIndexResponse', value: { context: 'r1', index: 12n } } },
      ],
    });
    const wire = toBinary(raftv1.AppendEntriesRequestSchema, req);
    const back = fromBinary(raftv1.AppendEntriesRequestSchema, wire);
    expect(equals(raftv1.AppendEntriesRequestSchema, back, req)).toBe(true);
    const first = back.messages[0]?.body;
    expect(first?.case).toBe('append');
    if (first?.case === 'append') {
      expect(first.value.prevIndex).toBe(big);
      expect(first.value.entries.map((e) => e.kind)).toEqual([raftv1.EntryKind.NORMAL, raftv1.EntryKind.NOOP]);
    }
  });

  it('round-trips vote, snapshot and timeout-now messages', () => {
    const vote = create(raftv1.RequestVoteRequestSchema, {
      from: 3n,
      to: 1n,
      messages: [
        { term: 5n, body: { case: 'preVote', value: { lastIndex: 10n, lastTerm: 4n, transfer: false } } },
        { term: 5n, body: { case: 'voteResponse', value: { reject: true } } },
      ],
    });
    expect(
      equals(
        raftv1.RequestVoteRequestSchema,
        fromBinary(raftv1.RequestVoteRequestSchema, toBinary(raftv1.RequestVoteRequestSchema, vote)),
        vote,
      ),
    ).toBe(true);

    const snap = create(raftv1.InstallSnapshotRequestSchema, {
      from: 1n,
      to: 2n,
      messages: [
        {
          term: 5n,
          body: {
            case: 'snapshot',
            value: {
              meta: { index: 100n, term: 4n, conf: { voters: [1n, 2n, 3n] } },
              offset: 0n,
              total: 3n,
              chunk: bytes(9, 8, 7),
              done: true,
            },
          },
        },
      ],
    });
    const snapBack = fromBinary(raftv1.InstallSnapshotRequestSchema, toBinary(raftv1.InstallSnapshotRequestSchema, snap));
    expect(equals(raftv1.InstallSnapshotRequestSchema, snapBack, snap)).toBe(true);

    const tn = create(raftv1.TimeoutNowRequestSchema, {
      from: 1n,
      to: 2n,
      messages: [{ term: 5n, body: { case: 'timeoutNow', value: {} } }],
    });
    const tnBack = fromBinary(raftv1.TimeoutNowRequestSchema, toBinary(raftv1.TimeoutNowRequestSchema, tn));
    expect(tnBack.messages[0]?.body.case).toBe('timeoutNow');
  });

  it('encodes an unset entry kind as ENTRY_KIND_UNSPECIFIED (0), distinct from NORMAL', () => {
    expect(raftv1.EntryKind.UNSPECIFIED).toBe(0);
    expect(raftv1.EntryKind.NORMAL).toBe(1);
    expect(raftv1.EntryKind.NOOP).toBe(2);
    expect(fromBinary(raftv1.EntrySchema, bytes()).kind).toBe(raftv1.EntryKind.UNSPECIFIED);
  });
});

describe('@sched/rpc/gen stays transport-free', () => {
  it('imports nothing from Connect', () => {
    const files: string[] = [join(__dirname, 'gen-index.ts')];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(join(__dirname, 'gen'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) expect(readFileSync(f, 'utf8')).not.toMatch(/@connectrpc\//);
  });
});
