import { create } from '@bufbuild/protobuf';
import { Code, ConnectError, type ServiceImpl } from '@connectrpc/connect';
import type { Message } from '@sched/raft';
import { CodecError, decodeBatch, type Lane, type LaneRequest, raftv1 } from '@sched/rpc';

export interface RaftServiceOptions {
  readonly self: number;
  readonly peers: ReadonlySet<number>;
  /** Hands decoded messages to the Raft driver; `from` is the (checked) sending peer. */
  readonly receive: (from: number, messages: readonly Message[]) => void;
}

/**
 * The receiving end of PeerTransport: every lane decodes its batch, checks that it comes
 * from a configured peer and is addressed to this node, and hands it to Raft. The answer
 * is empty: Raft's answers are messages of their own, sent back on the sender's lanes.
 */
export function raftServiceHandlers(options: RaftServiceOptions): ServiceImpl<typeof raftv1.RaftService> {
  const accept = (request: LaneRequest, lane: Lane): void => {
    let messages: Message[];
    try {
      messages = decodeBatch(request, lane);
    } catch (error) {
      if (error instanceof CodecError) throw new ConnectError(error.message, Code.InvalidArgument);
      throw error;
    }
    const from = Number(request.from);
    if (Number(request.to) !== options.self) {
      throw new ConnectError(`batch for node ${request.to} reached node ${options.self}`, Code.FailedPrecondition);
    }
    if (!options.peers.has(from)) throw new ConnectError(`node ${from} is not a configured peer`, Code.PermissionDenied);
    options.receive(from, messages);
  };
  return {
    requestVote(request) {
      accept(request, 'requestVote');
      return create(raftv1.RequestVoteResponseSchema);
    },
    appendEntries(request) {
      accept(request, 'appendEntries');
      return create(raftv1.AppendEntriesResponseSchema);
    },
    installSnapshot(request) {
      accept(request, 'installSnapshot');
      return create(raftv1.InstallSnapshotResponseSchema);
    },
    timeoutNow(request) {
      accept(request, 'timeoutNow');
      return create(raftv1.TimeoutNowResponseSchema);
    },
  };
}
