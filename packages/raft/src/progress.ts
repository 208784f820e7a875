import { Inflights } from './inflights';

export enum ProgressState {
  /** Unknown match: send one append at a time and find where the logs agree. */
  Probe = 'probe',
  /** Logs agree up to `match`: stream appends optimistically within the inflight window. */
  Replicate = 'replicate',
  /** The peer needs entries that are compacted: a snapshot is being sent in chunks. */
  Snapshot = 'snapshot',
}

/**
 * The leader's view of one follower.
 *
 * Invariants: match < next; match only grows while this node leads in one term (a late
 * or duplicated answer cannot move it back), except through `restartAfterLostLog`.
 */
export class Progress {
  match = 0;
  next: number;
  state = ProgressState.Probe;
  /** In Probe: an append was sent and neither it nor a heartbeat has been answered yet. */
  probeSent = false;
  /** Heard from the peer since the last check-quorum round. */
  recentActive = false;
  readonly inflights: Inflights;

  /** In Snapshot: the index and term of the snapshot being sent, and its acknowledged bytes. */
  pendingSnapshot = 0;
  snapshotTerm = 0;
  snapshotOffset = 0;
  /** In Snapshot: heartbeat rounds since the last chunk was sent; drives the resend of a lost chunk. */
  snapshotIdleRounds = 0;

  constructor(next: number, maxInflightMessages: number, maxInflightBytes: number) {
    this.next = next;
    this.inflights = new Inflights(maxInflightMessages, maxInflightBytes);
  }

  becomeProbe(): void {
    this.next = this.state === ProgressState.Snapshot ? Math.max(this.match + 1, this.pendingSnapshot + 1) : this.match + 1;
    this.resetState(ProgressState.Probe);
  }

  becomeReplicate(): void {
    this.next = this.match + 1;
    this.resetState(ProgressState.Replicate);
  }

  becomeSnapshot(index: number, term: number): void {
    this.resetState(ProgressState.Snapshot);
    this.pendingSnapshot = index;
    this.snapshotTerm = term;
  }

  /**
   * The peer proved it lost entries it had acknowledged (see HeartbeatResponse): its log
   * may agree with the leader's up to `hint` at most. Forgets what it was believed to hold
   * and probes from `hint` + 1 (the rejection hints may walk further back, down to index 1).
   * The only way `match` moves back, and safe: the commit index never moves back, and a
   * lower match only makes new commits wait for other peers.
   */
  restartAfterLostLog(hint: number): void {
    this.resetState(ProgressState.Probe);
    this.match = 0;
    this.next = hint + 1;
  }

  /** An acknowledgement that the peer's log matches up to `index`. Returns true if it moved `match`. */
  maybeUpdate(index: number): boolean {
    const updated = index > this.match;
    if (updated) {
      this.match = index;
      this.probeSent = false;
    }
    this.next = Math.max(this.next, index + 1);
    return updated;
  }

  /**
   * A rejection of the append whose previous index was `rejected`; `hint` is the highest
   * index the logs may still agree at. Returns false for a stale rejection (one that does
   * not concern the append the leader is waiting on), which must be ignored.
   */
  maybeDecreaseTo(rejected: number, hint: number): boolean {
    if (this.state === ProgressState.Replicate) {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, hint + 1), this.match + 1, 1);
    this.probeSent = false;
    return true;
  }

  /** Whether the leader must hold further appends to this peer. */
  isPaused(): boolean {
    switch (this.state) {
      case ProgressState.Probe:
        return this.probeSent;
      case ProgressState.Replicate:
        return this.inflights.full();
      case ProgressState.Snapshot:
        return true;
    }
  }

  /** Records an append carrying `count` entries (`bytes` in all) starting at `next`. */
  sentEntries(count: number, bytes: number): void {
    if (this.state === ProgressState.Replicate) {
      if (count > 0) {
        const last = this.next + count - 1;
        this.inflights.add(last, bytes);
        this.next = last + 1;
      }
    } else if (this.state === ProgressState.Probe) {
      this.probeSent = true;
    }
  }

  private resetState(state: ProgressState): void {
    this.state = state;
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.snapshotTerm = 0;
    this.snapshotOffset = 0;
    this.snapshotIdleRounds = 0;
    this.inflights.reset();
  }
}
