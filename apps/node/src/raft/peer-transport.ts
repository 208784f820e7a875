import { create } from '@bufbuild/protobuf';
import type { Message } from '@sched/raft';
import { type ClientPool, encodeBatch, type Lane, raftv1 } from '@sched/rpc';
import type { Transport } from './driver-types';

export interface PeerAddress {
  readonly id: number;
  /** Base URL, e.g. `http://127.0.0.1:50052` or `https://node2:50051`. */
  readonly url: string;
}

export interface PeerTransportOptions {
  readonly self: number;
  readonly peers: readonly PeerAddress[];
  readonly pool: ClientPool;
  /** Deadline of one RPC; a snapshot chunk gets the same. */
  readonly rpcTimeoutMs: number;
  /** A call to `peer` failed: Raft should stop streaming to it optimistically. */
  readonly onUnreachable: (peer: number) => void;
  /** A call to `peer` succeeded (it is alive). */
  readonly onContact: (peer: number) => void;
  /** Whether messages to `peer` may leave now (test fault injection); dropped otherwise. */
  readonly linkUp?: (peer: number) => boolean;
}

function isSnapshotChunk(m: raftv1.Message): boolean {
  return m.body.case === 'snapshot';
}

/** Wire messages per RPC: enough to batch a busy ready, small enough to stay far below MAX_MESSAGE_BYTES. */
const MAX_MESSAGES_PER_CALL = 64;
/** Messages waiting per peer and lane before the oldest are dropped (Raft retransmits what matters). */
const MAX_QUEUED = 4096;

/**
 * Carries Raft messages to peers over RaftService, one lane per RPC (votes, appends and
 * heartbeats, snapshot chunks, TimeoutNow), so a slow snapshot chunk never delays a
 * heartbeat. Per peer and lane at most one call is in flight and messages queued meanwhile
 * travel together in the next one: batching under load, and per-lane order preserved.
 * Failures are reported, never thrown: a lost message is Raft's to recover from.
 */
export class PeerTransport implements Transport {
  private readonly lanes = new Map<string, { queue: raftv1.Message[]; busy: boolean }>();
  private readonly urls = new Map<number, string>();
  private closed = false;

  constructor(private readonly options: PeerTransportOptions) {
    for (const p of options.peers) this.urls.set(p.id, p.url);
  }

  send(messages: readonly Message[]): void {
    if (this.closed) return;
    const byPeer = new Map<number, Message[]>();
    for (const m of messages) {
      const list = byPeer.get(m.to);
      if (list === undefined) byPeer.set(m.to, [m]);
      else list.push(m);
    }
    for (const [peer, list] of byPeer) {
      if (!this.urls.has(peer) || this.options.linkUp?.(peer) === false) continue;
      for (const batch of encodeBatch(list)) {
        const lane = this.lane(peer, batch.lane);
        if (batch.request.messages.some(isSnapshotChunk)) {
          // A newer chunk supersedes unsent ones: Raft resends the current chunk when a
          // transfer goes quiet, and copies queued behind a slow call would pile up.
          lane.queue = lane.queue.filter((m) => !isSnapshotChunk(m));
        }
        lane.queue.push(...batch.request.messages);
        if (lane.queue.length > MAX_QUEUED) lane.queue.splice(0, lane.queue.length - MAX_QUEUED);
        this.pump(peer, batch.lane);
      }
    }
  }

  close(): void {
    this.closed = true;
    this.lanes.clear();
  }

  private lane(peer: number, lane: Lane) {
    const key = `${peer}/${lane}`;
    let state = this.lanes.get(key);
    if (state === undefined) {
      state = { queue: [], busy: false };
      this.lanes.set(key, state);
    }
    return state;
  }

  private pump(peer: number, lane: Lane): void {
    const state = this.lane(peer, lane);
    if (state.busy || state.queue.length === 0 || this.closed) return;
    state.busy = true;
    const messages = state.queue.splice(0, MAX_MESSAGES_PER_CALL);
    const request = { from: BigInt(this.options.self), to: BigInt(peer), messages };
    this.call(peer, lane, request).then(
      () => this.options.onContact(peer),
      () => this.options.onUnreachable(peer),
    ).finally(() => {
      state.busy = false;
      this.pump(peer, lane);
    });
  }

  private call(peer: number, lane: Lane, init: { from: bigint; to: bigint; messages: raftv1.Message[] }): Promise<unknown> {
    const client = this.options.pool.client(raftv1.RaftService, this.urls.get(peer)!);
    const options = { timeoutMs: this.options.rpcTimeoutMs };
    switch (lane) {
      case 'requestVote':
        return client.requestVote(create(raftv1.RequestVoteRequestSchema, init), options);
      case 'appendEntries':
        return client.appendEntries(create(raftv1.AppendEntriesRequestSchema, init), options);
      case 'installSnapshot':
        return client.installSnapshot(create(raftv1.InstallSnapshotRequestSchema, init), options);
      case 'timeoutNow':
        return client.timeoutNow(create(raftv1.TimeoutNowRequestSchema, init), options);
    }
  }
}

