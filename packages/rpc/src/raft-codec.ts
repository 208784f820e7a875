import { create } from '@bufbuild/protobuf';
import type { Message, NodeId } from '@sched/raft';
import { CodecError, locate } from './codec-error';
import * as wire from './gen/sched/raft/v1/raft_pb';
import { LANE_OF_CASE, LANES, type Lane, type LaneBatch, type LaneRequest } from './raft-lanes';
import { decodeMessage, fromU64 } from './raft-message-decode';
import { encodeMessage, toU64 } from './raft-message-encode';

/**
 * Batches of Raft messages on the wire. A batch is what one node sends another in one go
 * (typically the messages of one `ready()` addressed to one peer); on the wire it becomes
 * one request per lane it touches, `{from, to, messages}`.
 *
 * Contract:
 * - encodeBatch(ms) then decodeBatch on each returned request gives back, lane by lane,
 *   exactly the messages of ms on that lane, in their original relative order. Order
 *   across lanes is not preserved (that is the point of lanes).
 * - Everything malformed is a CodecError, never a partial result: numbers out of range,
 *   bodies or snapshot meta missing, unspecified/unknown entry kinds, a message kind on the
 *   wrong lane, node id 0 or a node addressing itself, and (encode only) messages of more
 *   than one sender/receiver pair. A receiver answers any CodecError with INVALID_ARGUMENT.
 */
export function encodeBatch(messages: readonly Message[]): LaneBatch[] {
  const first = messages[0];
  if (first === undefined) return [];
  const from = first.from;
  const to = first.to;
  const wireFrom = nodeIdToWire(from, 'from');
  const wireTo = nodeIdToWire(to, 'to');
  if (from === to) throw new CodecError('invalid-envelope', 'to', `node ${to} cannot send to itself`);

  const byLane = new Map<Lane, wire.Message[]>();
  let i = 0;
  try {
    for (; i < messages.length; i++) {
      const m = messages[i]!;
      if (m.from !== from || m.to !== to) {
        throw new CodecError('mixed-batch', '', `${m.from} -> ${m.to} in a batch of ${from} -> ${to}`);
      }
      const encoded = encodeMessage(m);
      const lane = LANE_OF_CASE[encoded.body.case!];
      const list = byLane.get(lane);
      if (list === undefined) byLane.set(lane, [encoded]);
      else list.push(encoded);
    }
  } catch (error) {
    throw locate(error, `messages[${i}]`);
  }

  const out: LaneBatch[] = [];
  for (const lane of LANES) {
    const list = byLane.get(lane);
    if (list !== undefined) out.push(laneBatch(lane, { from: wireFrom, to: wireTo, messages: list }));
  }
  return out;
}

/**
 * The messages of a request received on `lane`, in order, with from/to taken from the
 * request. Throws CodecError (see the contract above); nothing of a bad batch is returned.
 */
export function decodeBatch(request: LaneRequest, lane: Lane): Message[] {
  const expected = wire.RaftService.method[lane].input.typeName;
  if (request.$typeName !== expected) {
    throw new CodecError('wrong-lane', '', `a ${request.$typeName} cannot travel on lane ${lane} (${expected})`);
  }
  const from = nodeIdFromWire(request.from, 'from');
  const to = nodeIdFromWire(request.to, 'to');
  if (from === to) throw new CodecError('invalid-envelope', 'to', `node ${to} cannot send to itself`);

  const out = new Array<Message>(request.messages.length);
  let i = 0;
  try {
    for (; i < request.messages.length; i++) {
      const m = request.messages[i]!;
      const kind = m.body.case;
      if (kind !== undefined && LANE_OF_CASE[kind] !== lane) {
        throw new CodecError('wrong-lane', kind, `travels on lane ${LANE_OF_CASE[kind]}, not ${lane}`);
      }
      out[i] = decodeMessage(m, from, to);
    }
  } catch (error) {
    throw locate(error, `messages[${i}]`);
  }
  return out;
}

function nodeIdToWire(id: NodeId, field: string): bigint {
  const n = toU64(id, field);
  if (n === 0n) throw new CodecError('invalid-envelope', field, 'node id 0 means "none"');
  return n;
}

function nodeIdFromWire(id: bigint, field: string): NodeId {
  const n = fromU64(id, field);
  if (n === 0) throw new CodecError('invalid-envelope', field, 'node id 0 means "none"');
  return n;
}

type Envelope = { from: bigint; to: bigint; messages: wire.Message[] };

function laneBatch(lane: Lane, init: Envelope): LaneBatch {
  switch (lane) {
    case 'requestVote':
      return { lane, request: create(wire.RequestVoteRequestSchema, init) };
    case 'appendEntries':
      return { lane, request: create(wire.AppendEntriesRequestSchema, init) };
    case 'installSnapshot':
      return { lane, request: create(wire.InstallSnapshotRequestSchema, init) };
    case 'timeoutNow':
      return { lane, request: create(wire.TimeoutNowRequestSchema, init) };
  }
}
