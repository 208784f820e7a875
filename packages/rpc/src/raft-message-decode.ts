import { type Entry, EntryKind, type Message, type NodeId, type SnapshotMeta } from '@sched/raft';
import { CodecError, locate } from './codec-error';
import * as wire from './gen/sched/raft/v1/raft_pb';

/**
 * One `sched.raft.v1.Message` -> one @sched/raft Message, with the batch's from/to.
 * uint64 values above Number.MAX_SAFE_INTEGER are rejected, not rounded; a missing body,
 * snapshot meta or conf and an unspecified or unknown entry kind are rejected too, each as
 * a CodecError naming the field. Decoded byte fields (entry data, snapshot chunks) are
 * copies that own their memory, so a retained entry never pins the whole request buffer.
 */

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A uint64 as a number, if it is a safe integer. `field` names it in a CodecError. */
export function fromU64(n: bigint, field: string): number {
  if (n < 0n || n > MAX_SAFE) {
    throw new CodecError('out-of-range', field, `${n} is outside 0..Number.MAX_SAFE_INTEGER`);
  }
  return Number(n);
}

/** The wire message as a @sched/raft Message sent by `from` to `to` (both already checked). */
export function decodeMessage(m: wire.Message, from: NodeId, to: NodeId): Message {
  const term = fromU64(m.term, 'term');
  const body = m.body;
  switch (body.case) {
    case 'preVote':
      return { type: 'PreVote', from, to, term, ...decodeVote(body.value, 'preVote') };
    case 'vote':
      return { type: 'Vote', from, to, term, ...decodeVote(body.value, 'vote') };
    case 'preVoteResponse':
      return { type: 'PreVoteResponse', from, to, term, reject: body.value.reject };
    case 'voteResponse':
      return { type: 'VoteResponse', from, to, term, reject: body.value.reject };
    case 'append': {
      const v = body.value;
      return {
        type: 'Append',
        from,
        to,
        term,
        prevIndex: fromU64(v.prevIndex, 'append.prevIndex'),
        prevTerm: fromU64(v.prevTerm, 'append.prevTerm'),
        entries: decodeEntries(v.entries),
        commit: fromU64(v.commit, 'append.commit'),
      };
    }
    case 'appendResponse': {
      const v = body.value;
      return {
        type: 'AppendResponse',
        from,
        to,
        term,
        reject: v.reject,
        index: fromU64(v.index, 'appendResponse.index'),
        hintIndex: fromU64(v.hintIndex, 'appendResponse.hintIndex'),
        hintTerm: fromU64(v.hintTerm, 'appendResponse.hintTerm'),
      };
    }
    case 'heartbeat':
      return {
        type: 'Heartbeat',
        from,
        to,
        term,
        commit: fromU64(body.value.commit, 'heartbeat.commit'),
        commitTerm: fromU64(body.value.commitTerm, 'heartbeat.commitTerm'),
        context: body.value.context,
      };
    case 'heartbeatResponse':
      return {
        type: 'HeartbeatResponse',
        from,
        to,
        term,
        context: body.value.context,
        reject: body.value.reject,
        hintIndex: fromU64(body.value.hintIndex, 'heartbeatResponse.hintIndex'),
      };
    case 'snapshot': {
      const v = body.value;
      if (v.meta === undefined) throw new CodecError('missing-field', 'snapshot.meta', 'a snapshot chunk needs its meta');
      return {
        type: 'Snapshot',
        from,
        to,
        term,
        meta: decodeMeta(v.meta),
        offset: fromU64(v.offset, 'snapshot.offset'),
        total: fromU64(v.total, 'snapshot.total'),
        chunk: v.chunk.slice(),
        done: v.done,
      };
    }
    case 'snapshotResponse':
      return {
        type: 'SnapshotResponse',
        from,
        to,
        term,
        index: fromU64(body.value.index, 'snapshotResponse.index'),
        nextOffset: fromU64(body.value.nextOffset, 'snapshotResponse.nextOffset'),
      };
    case 'timeoutNow':
      return { type: 'TimeoutNow', from, to, term };
    case 'readIndex':
      return { type: 'ReadIndex', from, to, term, context: body.value.context };
    case 'readIndexResponse':
      return {
        type: 'ReadIndexResponse',
        from,
        to,
        term,
        context: body.value.context,
        index: fromU64(body.value.index, 'readIndexResponse.index'),
      };
    case undefined:
      throw new CodecError('missing-field', 'body', 'a message needs exactly one body case');
  }
}

function decodeVote(v: wire.Vote, field: string): { lastIndex: number; lastTerm: number; transfer: boolean } {
  return {
    lastIndex: fromU64(v.lastIndex, `${field}.lastIndex`),
    lastTerm: fromU64(v.lastTerm, `${field}.lastTerm`),
    transfer: v.transfer,
  };
}

function decodeEntries(entries: readonly wire.Entry[]): Entry[] {
  const out = new Array<Entry>(entries.length);
  let i = 0;
  try {
    for (; i < entries.length; i++) {
      const e = entries[i]!;
      out[i] = {
        index: fromU64(e.index, 'index'),
        term: fromU64(e.term, 'term'),
        kind: decodeKind(e.kind),
        data: e.data.slice(),
      };
    }
  } catch (error) {
    throw locate(error, `append.entries[${i}]`);
  }
  return out;
}

function decodeKind(kind: wire.EntryKind): EntryKind {
  switch (kind) {
    case wire.EntryKind.NORMAL:
      return EntryKind.Normal;
    case wire.EntryKind.NOOP:
      return EntryKind.Noop;
    case wire.EntryKind.UNSPECIFIED:
      throw new CodecError('invalid-enum', 'kind', 'ENTRY_KIND_UNSPECIFIED is not a valid entry kind');
  }
  throw new CodecError('invalid-enum', 'kind', `unknown entry kind ${String(kind)}`);
}

function decodeMeta(meta: wire.SnapshotMeta): SnapshotMeta {
  if (meta.conf === undefined) throw new CodecError('missing-field', 'snapshot.meta.conf', 'a snapshot meta needs its conf');
  return {
    index: fromU64(meta.index, 'snapshot.meta.index'),
    term: fromU64(meta.term, 'snapshot.meta.term'),
    conf: { voters: meta.conf.voters.map((v, i) => fromU64(v, `snapshot.meta.conf.voters[${i}]`)) },
  };
}
