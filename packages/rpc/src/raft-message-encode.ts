import { create } from '@bufbuild/protobuf';
import { type Entry, EntryKind, type Message, type SnapshotMeta } from '@sched/raft';
import { CodecError, locate } from './codec-error';
import * as wire from './gen/sched/raft/v1/raft_pb';

/**
 * One @sched/raft Message -> one `sched.raft.v1.Message`. The envelope's `from`/`to`
 * travel once per batch (raft-codec.ts); `term` and the body per message. Numbers must be
 * non-negative safe integers; entry kinds are mapped explicitly (Normal=0 -> NORMAL=1,
 * Noop=1 -> NOOP=2), never cast. Anything else is a CodecError naming the field.
 */

/** A non-negative safe integer as a uint64. `field` names it in a CodecError. */
export function toU64(n: number, field: string): bigint {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new CodecError('out-of-range', field, `${n} is not a non-negative safe integer`);
  }
  return BigInt(n);
}

export function encodeMessage(m: Message): wire.Message {
  return create(wire.MessageSchema, { term: toU64(m.term, 'term'), body: encodeBody(m) });
}

function encodeBody(m: Message): wire.Message['body'] {
  switch (m.type) {
    case 'PreVote':
      return { case: 'preVote', value: encodeVote(m.lastIndex, m.lastTerm, m.transfer, 'preVote') };
    case 'Vote':
      return { case: 'vote', value: encodeVote(m.lastIndex, m.lastTerm, m.transfer, 'vote') };
    case 'PreVoteResponse':
      return { case: 'preVoteResponse', value: create(wire.VoteResponseSchema, { reject: m.reject }) };
    case 'VoteResponse':
      return { case: 'voteResponse', value: create(wire.VoteResponseSchema, { reject: m.reject }) };
    case 'Append':
      return {
        case: 'append',
        value: create(wire.AppendSchema, {
          prevIndex: toU64(m.prevIndex, 'append.prevIndex'),
          prevTerm: toU64(m.prevTerm, 'append.prevTerm'),
          entries: encodeEntries(m.entries),
          commit: toU64(m.commit, 'append.commit'),
        }),
      };
    case 'AppendResponse':
      return {
        case: 'appendResponse',
        value: create(wire.AppendResponseSchema, {
          reject: m.reject,
          index: toU64(m.index, 'appendResponse.index'),
          hintIndex: toU64(m.hintIndex, 'appendResponse.hintIndex'),
          hintTerm: toU64(m.hintTerm, 'appendResponse.hintTerm'),
        }),
      };
    case 'Heartbeat':
      return {
        case: 'heartbeat',
        value: create(wire.HeartbeatSchema, {
          commit: toU64(m.commit, 'heartbeat.commit'),
          commitTerm: toU64(m.commitTerm, 'heartbeat.commitTerm'),
          context: m.context,
        }),
      };
    case 'HeartbeatResponse':
      return {
        case: 'heartbeatResponse',
        value: create(wire.HeartbeatResponseSchema, {
          context: m.context,
          reject: m.reject,
          hintIndex: toU64(m.hintIndex, 'heartbeatResponse.hintIndex'),
        }),
      };
    case 'Snapshot':
      return {
        case: 'snapshot',
        value: create(wire.SnapshotChunkSchema, {
          meta: encodeMeta(m.meta),
          offset: toU64(m.offset, 'snapshot.offset'),
          total: toU64(m.total, 'snapshot.total'),
          chunk: m.chunk,
          done: m.done,
        }),
      };
    case 'SnapshotResponse':
      return {
        case: 'snapshotResponse',
        value: create(wire.SnapshotResponseSchema, {
          index: toU64(m.index, 'snapshotResponse.index'),
          nextOffset: toU64(m.nextOffset, 'snapshotResponse.nextOffset'),
        }),
      };
    case 'TimeoutNow':
      return { case: 'timeoutNow', value: create(wire.TimeoutNowSchema) };
    case 'ReadIndex':
      return { case: 'readIndex', value: create(wire.ReadIndexSchema, { context: m.context }) };
    case 'ReadIndexResponse':
      return {
        case: 'readIndexResponse',
        value: create(wire.ReadIndexResponseSchema, {
          context: m.context,
          index: toU64(m.index, 'readIndexResponse.index'),
        }),
      };
  }
}

function encodeVote(lastIndex: number, lastTerm: number, transfer: boolean, field: string): wire.Vote {
  return create(wire.VoteSchema, {
    lastIndex: toU64(lastIndex, `${field}.lastIndex`),
    lastTerm: toU64(lastTerm, `${field}.lastTerm`),
    transfer,
  });
}

function encodeEntries(entries: readonly Entry[]): wire.Entry[] {
  const out = new Array<wire.Entry>(entries.length);
  let i = 0;
  try {
    for (; i < entries.length; i++) {
      const e = entries[i]!;
      out[i] = create(wire.EntrySchema, {
        index: toU64(e.index, 'index'),
        term: toU64(e.term, 'term'),
        kind: encodeKind(e.kind),
        data: e.data,
      });
    }
  } catch (error) {
    throw locate(error, `append.entries[${i}]`);
  }
  return out;
}

function encodeKind(kind: EntryKind): wire.EntryKind {
  switch (kind) {
    case EntryKind.Normal:
      return wire.EntryKind.NORMAL;
    case EntryKind.Noop:
      return wire.EntryKind.NOOP;
  }
  throw new CodecError('invalid-enum', 'kind', `${String(kind)} is not a @sched/raft EntryKind`);
}

function encodeMeta(meta: SnapshotMeta): wire.SnapshotMeta {
  const voters = new Array<bigint>(meta.conf.voters.length);
  meta.conf.voters.forEach((v, i) => (voters[i] = toU64(v, `snapshot.meta.conf.voters[${i}]`)));
  return create(wire.SnapshotMetaSchema, {
    index: toU64(meta.index, 'snapshot.meta.index'),
    term: toU64(meta.term, 'snapshot.meta.term'),
    conf: create(wire.ConfStateSchema, { voters }),
  });
}

