import type { MessageShape } from '@bufbuild/protobuf';
import { type Message as WireMessage, RaftService } from './gen/sched/raft/v1/raft_pb';

/**
 * The four RaftService RPCs are four lanes (see proto/sched/raft/v1/raft.proto), named by
 * the generated method names so `client[lane]` and `router.service(RaftService, {[lane]:
 * ...})` line up. A large snapshot chunk or a long append never delays a vote or a
 * heartbeat queued on another lane.
 */
export type Lane = keyof typeof RaftService.method;

/** The request message of a lane: `{from, to, messages}` for all four. */
export type LaneRequest<L extends Lane = Lane> = MessageShape<(typeof RaftService.method)[L]['input']>;

/** A lane and its request, discriminated on `lane`. */
export type LaneBatch = { [L in Lane]: { readonly lane: L; readonly request: LaneRequest<L> } }[Lane];

/** The order in which encodeBatch returns lanes: elections first, bulk transfer last. */
export const LANES: readonly Lane[] = ['requestVote', 'appendEntries', 'installSnapshot', 'timeoutNow'];

/** The lane of each wire body case; the table of raft.proto's header comment. */
export const LANE_OF_CASE: Readonly<Record<NonNullable<WireMessage['body']['case']>, Lane>> = {
  preVote: 'requestVote',
  preVoteResponse: 'requestVote',
  vote: 'requestVote',
  voteResponse: 'requestVote',
  append: 'appendEntries',
  appendResponse: 'appendEntries',
  heartbeat: 'appendEntries',
  heartbeatResponse: 'appendEntries',
  readIndex: 'appendEntries',
  readIndexResponse: 'appendEntries',
  snapshot: 'installSnapshot',
  snapshotResponse: 'installSnapshot',
  timeoutNow: 'timeoutNow',
};
