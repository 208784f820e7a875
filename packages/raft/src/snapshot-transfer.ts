import { RaftInvariantError } from './errors';
import type { SnapshotChunk, SnapshotResponse } from './messages';
import { ProgressState } from './progress';
import type { Raft } from './raft';
import { type NodeId, Role, type Snapshot, type SnapshotMeta } from './types';

/** Heartbeat rounds without an answer after which the leader resends the current chunk. */
const RESEND_AFTER_ROUNDS = 2;

// ---- leader ---------------------------------------------------------------------------

/** Switches `to` to receiving the latest snapshot, if it has been heard from recently. */
export function startSnapshot(r: Raft, to: NodeId): boolean {
  const pr = r.progress.get(to)!;
  if (!pr.recentActive) return false;
  const snapshot = r.log.snapshot();
  if (snapshot.meta.index === 0) {
    throw new RaftInvariantError(`node ${to} needs compacted entries but there is no snapshot`);
  }
  pr.becomeSnapshot(snapshot.meta.index, snapshot.meta.term);
  sendChunk(r, to);
  return true;
}

/** Sends the chunk at the peer's acknowledged offset, restarting if a newer snapshot replaced the one in flight. */
function sendChunk(r: Raft, to: NodeId): void {
  const pr = r.progress.get(to)!;
  const snapshot = r.log.snapshot();
  if (snapshot.meta.index !== pr.pendingSnapshot) pr.becomeSnapshot(snapshot.meta.index, snapshot.meta.term);
  const total = snapshot.data.length;
  const chunk = snapshot.data.subarray(pr.snapshotOffset, pr.snapshotOffset + r.cfg.maxSnapshotChunkBytes);
  const done = pr.snapshotOffset + chunk.length >= total;
  r.send({ type: 'Snapshot', to, meta: snapshot.meta, offset: pr.snapshotOffset, total, chunk, done });
  pr.snapshotIdleRounds = 0;
}

/**
 * Moves the transfer to the offset the follower asks for. An answer that repeats the
 * current offset is a duplicate and is ignored; a lower one means the follower lost its
 * partial copy (or the answer is stale) and the transfer resumes from there.
 */
export function handleSnapshotResponse(r: Raft, m: SnapshotResponse): void {
  if (r.role !== Role.Leader) return;
  const pr = r.progress.get(m.from)!;
  pr.recentActive = true;
  if (pr.state !== ProgressState.Snapshot || m.index !== pr.pendingSnapshot || m.nextOffset === pr.snapshotOffset) return;
  pr.snapshotOffset = m.nextOffset;
  if (m.nextOffset < r.log.snapshot().data.length) sendChunk(r, m.from);
}

/** Resends the current chunk to peers whose transfer has gone quiet (a chunk or its answer was lost). */
export function resendStalledSnapshots(r: Raft): void {
  for (const [id, pr] of r.progress) {
    if (pr.state === ProgressState.Snapshot && ++pr.snapshotIdleRounds >= RESEND_AFTER_ROUNDS) sendChunk(r, id);
  }
}

// ---- follower -------------------------------------------------------------------------

/**
 * Reassembles one snapshot from chunks that must arrive in order; a chunk at offset 0
 * starts over (possibly with a newer snapshot), any other out-of-place chunk is dropped.
 */
export class SnapshotReceiver {
  private meta: SnapshotMeta | undefined;
  private leaderTerm = 0;
  private chunks: Uint8Array[] = [];
  private received = 0;

  /** Takes a chunk; returns the assembled snapshot when complete, else the offset wanted next. */
  receive(m: SnapshotChunk): Snapshot | number {
    if (m.offset === 0) {
      this.meta = m.meta;
      this.leaderTerm = m.term;
      this.chunks = [];
      this.received = 0;
    } else if (!this.isCurrent(m) || m.offset !== this.received) {
      return this.isCurrent(m) ? this.received : 0;
    }
    this.chunks.push(m.chunk);
    this.received += m.chunk.length;
    if (!m.done) return this.received;
    const meta = this.meta!;
    const data = concat(this.chunks, this.received);
    this.reset();
    return data.length === m.total ? { meta, data } : 0;
  }

  reset(): void {
    this.meta = undefined;
    this.chunks = [];
    this.received = 0;
  }

  private isCurrent(m: SnapshotChunk): boolean {
    return this.meta !== undefined && this.leaderTerm === m.term && this.meta.index === m.meta.index && this.meta.term === m.meta.term;
  }
}

export function handleSnapshotChunk(r: Raft, m: SnapshotChunk): void {
  if (m.meta.index <= r.log.committed) {
    // Nothing to install: our committed prefix already covers it.
    r.snapshotReceiver.reset();
    r.send({ type: 'AppendResponse', to: m.from, reject: false, index: r.log.committed, hintIndex: 0, hintTerm: 0 });
    return;
  }
  const result = r.snapshotReceiver.receive(m);
  if (typeof result === 'number') {
    r.send({ type: 'SnapshotResponse', to: m.from, index: m.meta.index, nextOffset: result });
    return;
  }
  if (r.log.matchTerm(result.meta.index, result.meta.term)) {
    // Our log already holds the snapshot's last entry, hence (log matching) everything before it.
    r.log.commitTo(result.meta.index);
  } else {
    r.log.restore(result);
  }
  // Only the snapshot's prefix is known to match the leader, whatever follows it here.
  r.send({ type: 'AppendResponse', to: m.from, reject: false, index: result.meta.index, hintIndex: 0, hintTerm: 0 });
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
