import { type DescMessage, type MessageInitShape, create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { type Entry, EntryKind, type Message, type MessageType } from '@sched/raft';
import { CodecError, type CodecProblem } from './codec-error';
import * as wire from './gen/sched/raft/v1/raft_pb';
import { decodeBatch, encodeBatch } from './raft-codec';
import { LANES, type Lane, type LaneRequest } from './raft-lanes';
import { MESSAGE_TYPES, RandomMessages } from './random-messages.test-util';

/** The lane table of raft.proto's header comment, restated independently of the codec. */
const EXPECTED_LANE: Record<MessageType, Lane> = {
  PreVote: 'requestVote',
  PreVoteResponse: 'requestVote',
  Vote: 'requestVote',
  VoteResponse: 'requestVote',
  Append: 'appendEntries',
  AppendResponse: 'appendEntries',
  Heartbeat: 'appendEntries',
  HeartbeatResponse: 'appendEntries',
  ReadIndex: 'appendEntries',
  ReadIndexResponse: 'appendEntries',
  Snapshot: 'installSnapshot',
  SnapshotResponse: 'installSnapshot',
  TimeoutNow: 'timeoutNow',
};

/** Through real protobuf bytes and back, as the request would reach the receiver. */
function overTheWire(lane: Lane, request: LaneRequest): LaneRequest {
  const schema: DescMessage = wire.RaftService.method[lane].input;
  return fromBinary(schema, toBinary(schema, request)) as LaneRequest;
}

function codecError(fn: () => unknown): CodecError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CodecError) return error;
    throw error;
  }
  throw new Error('expected a CodecError');
}

function expectRejected(fn: () => unknown, problem: CodecProblem, path: string): void {
  const error = codecError(fn);
  expect({ problem: error.problem, path: error.path }).toEqual({ problem, path });
  expect(error.message.startsWith(path === '' ? error.detail : `${path}: `)).toBe(true);
}

const appendOf = (entries: Entry[]): Message => ({
  type: 'Append',
  from: 1,
  to: 2,
  term: 1,
  prevIndex: 0,
  prevTerm: 0,
  commit: 0,
  entries,
});

const vote = (over: Partial<Message> = {}): Message =>
  ({ type: 'Vote', from: 1, to: 2, term: 3, lastIndex: 4, lastTerm: 5, transfer: false, ...over }) as Message;

/** A request of `lane` holding the given wire messages, from 1 to 2 unless overridden. */
function request(lane: Lane, messages: wire.Message[], from = 1n, to = 2n): LaneRequest {
  return create(wire.RaftService.method[lane].input as DescMessage, { from, to, messages }) as LaneRequest;
}

const wireMessage = (body: wire.Message['body'], term = 1n): wire.Message => create(wire.MessageSchema, { term, body });

const appendWith = (entry: MessageInitShape<typeof wire.EntrySchema>): wire.Message =>
  wireMessage({
    case: 'append',
    value: create(wire.AppendSchema, {
      entries: [create(wire.EntrySchema, { index: 1n, term: 1n, kind: wire.EntryKind.NORMAL }), create(wire.EntrySchema, entry)],
    }),
  });

const snapshotWith = (meta: wire.SnapshotMeta | undefined): wire.Message =>
  wireMessage({ case: 'snapshot', value: create(wire.SnapshotChunkSchema, meta === undefined ? {} : { meta }) });

describe('Raft codec round trip (seeded property test)', () => {
  it('gives back every message of every kind, lane by lane, in order, through protobuf bytes', () => {
    const gen = new RandomMessages(20261201);
    const seen = new Map<MessageType, number>();
    for (let round = 0; round < 1000; round++) {
      const batch = gen.batch(12);
      const lanes = encodeBatch(batch);
      // Lanes come in LANES order, each once, only when used.
      const used = LANES.filter((lane) => batch.some((m) => EXPECTED_LANE[m.type] === lane));
      expect(lanes.map((b) => b.lane)).toEqual(used);
      for (const { lane, request: req } of lanes) {
        const decoded = decodeBatch(overTheWire(lane, req), lane);
        expect(decoded).toStrictEqual(batch.filter((m) => EXPECTED_LANE[m.type] === lane));
      }
      for (const m of batch) seen.set(m.type, (seen.get(m.type) ?? 0) + 1);
    }
    for (const type of MESSAGE_TYPES) expect(seen.get(type) ?? 0).toBeGreaterThan(30);
  });

  it('maps entry kinds explicitly (raft Normal=0/Noop=1, wire NORMAL=1/NOOP=2)', () => {
    const append = appendOf([
        { index: 1, term: 1, kind: EntryKind.Noop, data: new Uint8Array(0) },
        { index: 2, term: 1, kind: EntryKind.Normal, data: Uint8Array.of(7) },
      ]);
    const [batch] = encodeBatch([append]);
    const body = batch!.request.messages[0]!.body;
    expect(body.case === 'append' && body.value.entries.map((e) => e.kind)).toEqual([wire.EntryKind.NOOP, wire.EntryKind.NORMAL]);
  });

  it('reads a heartbeat and its answer from a node that predates commit_term, reject and hint_index as an unknown term and an acceptance', () => {
    const old = [
      wireMessage({ case: 'heartbeat', value: create(wire.HeartbeatSchema, { commit: 4n, context: 'r1' }) }),
      wireMessage({ case: 'heartbeatResponse', value: create(wire.HeartbeatResponseSchema, { context: 'r1' }) }),
    ];
    expect(decodeBatch(overTheWire('appendEntries', request('appendEntries', old)), 'appendEntries')).toEqual([
      { type: 'Heartbeat', from: 1, to: 2, term: 1, commit: 4, commitTerm: 0, context: 'r1' },
      { type: 'HeartbeatResponse', from: 1, to: 2, term: 1, context: 'r1', reject: false, hintIndex: 0 },
    ]);
  });

  it('returns nothing for an empty batch and accepts an empty request', () => {
    expect(encodeBatch([])).toEqual([]);
    expect(decodeBatch(request('appendEntries', []), 'appendEntries')).toEqual([]);
  });

  it('decodes byte fields into copies that do not alias the request', () => {
    const [batch] = encodeBatch([appendOf([{ index: 1, term: 1, kind: EntryKind.Normal, data: Uint8Array.of(1, 2, 3) }])]);
    const schema = wire.AppendEntriesRequestSchema;
    const bytes = toBinary(schema, batch!.request as wire.AppendEntriesRequest);
    const [decoded] = decodeBatch(fromBinary(schema, bytes), 'appendEntries');
    bytes.fill(0);
    expect(decoded?.type === 'Append' && [...decoded.entries[0]!.data]).toEqual([1, 2, 3]);
  });
});

describe('Raft codec rejections (encode)', () => {
  it.each([
    ['a fraction', 1.5],
    ['a negative number', -1],
    ['NaN', Number.NaN],
    ['a number above Number.MAX_SAFE_INTEGER', 2 ** 53],
  ])('rejects %s as a term', (_name, term) => {
    expectRejected(() => encodeBatch([vote(), vote({ term })]), 'out-of-range', 'messages[1].term');
  });

  it('names the field of a bad number inside a body', () => {
    expectRejected(() => encodeBatch([vote({ lastTerm: -2 } as Partial<Message>)]), 'out-of-range', 'messages[0].vote.lastTerm');
    const append = appendOf([
        { index: 1, term: 1, kind: EntryKind.Normal, data: new Uint8Array(0) },
        { index: 2.5, term: 1, kind: EntryKind.Normal, data: new Uint8Array(0) },
      ]);
    expectRejected(() => encodeBatch([append]), 'out-of-range', 'messages[0].append.entries[1].index');
  });

  it('rejects an entry kind @sched/raft does not have', () => {
    const append = appendOf([{ index: 1, term: 1, kind: 7 as EntryKind, data: new Uint8Array(0) }]);
    expectRejected(() => encodeBatch([append]), 'invalid-enum', 'messages[0].append.entries[0].kind');
  });

  it('rejects messages of more than one sender/receiver pair', () => {
    expectRejected(() => encodeBatch([vote(), vote({ to: 3 })]), 'mixed-batch', 'messages[1]');
    expectRejected(() => encodeBatch([vote(), vote({ from: 3 })]), 'mixed-batch', 'messages[1]');
  });

  it('rejects node id 0 and a node addressing itself', () => {
    expectRejected(() => encodeBatch([vote({ from: 0 })]), 'invalid-envelope', 'from');
    expectRejected(() => encodeBatch([vote({ to: 0 })]), 'invalid-envelope', 'to');
    expectRejected(() => encodeBatch([vote({ to: 1 })]), 'invalid-envelope', 'to');
  });
});

describe('Raft codec rejections (decode)', () => {
  const ok = wireMessage({ case: 'vote', value: create(wire.VoteSchema) });
  const tooBig = BigInt(Number.MAX_SAFE_INTEGER) + 1n;

  it('accepts Number.MAX_SAFE_INTEGER and rejects one more, naming the field', () => {
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    const [m] = decodeBatch(request('requestVote', [wireMessage(ok.body, max)]), 'requestVote');
    expect(m?.term).toBe(Number.MAX_SAFE_INTEGER);
    expectRejected(() => decodeBatch(request('requestVote', [ok, wireMessage(ok.body, tooBig)]), 'requestVote'), 'out-of-range', 'messages[1].term');
    expectRejected(
      () => decodeBatch(request('appendEntries', [appendWith({ index: tooBig, term: 1n, kind: wire.EntryKind.NORMAL })]), 'appendEntries'),
      'out-of-range',
      'messages[0].append.entries[1].index',
    );
    const chunk = snapshotWith(create(wire.SnapshotMetaSchema, { conf: create(wire.ConfStateSchema, { voters: [1n, tooBig] }) }));
    expectRejected(() => decodeBatch(request('installSnapshot', [chunk]), 'installSnapshot'), 'out-of-range', 'messages[0].snapshot.meta.conf.voters[1]');
    expectRejected(() => decodeBatch(request('requestVote', [ok], tooBig), 'requestVote'), 'out-of-range', 'from');
  });

  it('rejects a message without a body', () => {
    expectRejected(() => decodeBatch(request('requestVote', [ok, create(wire.MessageSchema)]), 'requestVote'), 'missing-field', 'messages[1].body');
  });

  it('rejects a snapshot chunk without meta, and a meta without conf', () => {
    expectRejected(() => decodeBatch(request('installSnapshot', [snapshotWith(undefined)]), 'installSnapshot'), 'missing-field', 'messages[0].snapshot.meta');
    expectRejected(
      () => decodeBatch(request('installSnapshot', [snapshotWith(create(wire.SnapshotMetaSchema))]), 'installSnapshot'),
      'missing-field',
      'messages[0].snapshot.meta.conf',
    );
  });

  it('rejects ENTRY_KIND_UNSPECIFIED (an unset kind) and unknown kinds, also when they come off the wire', () => {
    const unset = request('appendEntries', [appendWith({ index: 2n, term: 1n })]);
    expectRejected(() => decodeBatch(overTheWire('appendEntries', unset), 'appendEntries'), 'invalid-enum', 'messages[0].append.entries[1].kind');
    const unknown = request('appendEntries', [appendWith({ index: 2n, term: 1n, kind: 9 as wire.EntryKind })]);
    const error = codecError(() => decodeBatch(overTheWire('appendEntries', unknown), 'appendEntries'));
    expect(error.problem).toBe('invalid-enum');
    expect(error.message).toBe('messages[0].append.entries[1].kind: unknown entry kind 9');
    expect(codecError(() => decodeBatch(unset, 'appendEntries')).message).toBe(
      'messages[0].append.entries[1].kind: ENTRY_KIND_UNSPECIFIED is not a valid entry kind',
    );
  });

  it.each([
    ['append', 'requestVote'],
    ['vote', 'appendEntries'],
    ['heartbeat', 'installSnapshot'],
    ['snapshotResponse', 'timeoutNow'],
    ['timeoutNow', 'appendEntries'],
  ] as const)('rejects %s sent on lane %s', (kind, lane) => {
    const [encoded] = encodeBatch([new RandomMessages(kind.length).message(CASE_TYPE[kind], 1, 2)]);
    const m = encoded!.request.messages[0]!;
    expect(m.body.case).toBe(kind);
    expectRejected(() => decodeBatch(request(lane, [m]), lane), 'wrong-lane', `messages[0].${kind}`);
  });

  it('rejects a request of another lane', () => {
    const votes = create(wire.RequestVoteRequestSchema, { from: 1n, to: 2n, messages: [ok] });
    expectRejected(() => decodeBatch(votes, 'appendEntries'), 'wrong-lane', '');
  });

  it('rejects node id 0 and a node addressing itself', () => {
    expectRejected(() => decodeBatch(request('requestVote', [ok], 0n, 2n), 'requestVote'), 'invalid-envelope', 'from');
    expectRejected(() => decodeBatch(request('requestVote', [ok], 1n, 0n), 'requestVote'), 'invalid-envelope', 'to');
    expectRejected(() => decodeBatch(request('requestVote', [ok], 2n, 2n), 'requestVote'), 'invalid-envelope', 'to');
  });
});

const CASE_TYPE = {
  append: 'Append',
  vote: 'Vote',
  heartbeat: 'Heartbeat',
  snapshotResponse: 'SnapshotResponse',
  timeoutNow: 'TimeoutNow',
} as const satisfies Partial<Record<NonNullable<wire.Message['body']['case']>, MessageType>>;
