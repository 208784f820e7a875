import type { Config } from './config';
import { campaign, CampaignKind } from './election';
import { RaftInvariantError } from './errors';
import { type TransferResult, transferLeadership } from './leadership-transfer';
import type { Message } from './messages';
import { ProgressState } from './progress';
import { Raft } from './raft';
import { type ReadIndexResult, requestReadIndex } from './read-index';
import type { Persisted, Ready } from './ready';
import { EntryKind, type HardState, hardStateEquals, type LostLog, type NodeId, Role, type SoftState } from './types';

export type ProposeResult =
  | { readonly ok: true; readonly index: number; readonly term: number }
  | { readonly ok: false; readonly reason: 'not-leader' | 'transfer-in-progress'; readonly leader: NodeId };

/**
 * The public face of one Raft node, driven by its owner:
 *   inputs  — tick, step, propose, campaign, transferLeadership, readIndex,
 *             reportUnreachable, reportSnapshot;
 *   outputs — ready() / advance().
 * Nothing here touches a clock, a socket or a file: the owner supplies time as ticks,
 * carries messages, and persists what each Ready asks for.
 */
export class RawNode {
  private readonly raft: Raft;
  private prevSoftState: SoftState;
  private prevHardState: HardState;
  /** The Ready handed out and not yet advanced: at most one at a time. */
  private outstanding: OutstandingReady | undefined;

  constructor(config: Config) {
    this.raft = new Raft(config);
    this.prevSoftState = this.raft.softState();
    this.prevHardState = this.raft.hardState();
  }

  get id(): NodeId {
    return this.raft.id;
  }

  /** Advances logical time by one tick (elections, heartbeats, check-quorum, transfer timeouts). */
  tick(): void {
    this.raft.tick();
  }

  /**
   * Hands the node a message from a peer. Messages from unknown nodes or for another node
   * are ignored; one that no correct peer sends throws MalformedMessageError and changes nothing.
   */
  step(message: Message): void {
    this.raft.step(message);
  }

  /**
   * Appends `data` to the log if this node leads. The entry is committed once a majority
   * holds it; the caller learns that when an entry with this index and term comes back
   * in `committedEntries`, and knows it was lost if another entry takes the index.
   */
  propose(data: Uint8Array): ProposeResult {
    return this.proposeBatch([data])[0]!;
  }

  /** Proposes several entries at once (one log append, replicated together). */
  proposeBatch(batch: readonly Uint8Array[]): ProposeResult[] {
    const r = this.raft;
    if (r.role !== Role.Leader || r.transferee !== 0) {
      const reason = r.role !== Role.Leader ? 'not-leader' : 'transfer-in-progress';
      return batch.map(() => ({ ok: false, reason, leader: r.leader }));
    }
    if (batch.length === 0) return [];
    const { index: last, term } = r.appendEntries(batch.map((data) => ({ kind: EntryKind.Normal, data })));
    return batch.map((_, k) => ({ ok: true, index: last - batch.length + 1 + k, term }));
  }

  /** Starts an election now (pre-vote first when enabled). */
  campaign(): void {
    if (this.raft.role !== Role.Leader) campaign(this.raft, this.raft.cfg.preVote ? CampaignKind.PreElection : CampaignKind.Election);
  }

  /** Allows or forbids this node to start elections (a drained node does not campaign); it still votes. */
  setCampaignEnabled(enabled: boolean): void {
    this.raft.campaignEnabled = enabled;
  }

  transferLeadership(to: NodeId): TransferResult {
    return transferLeadership(this.raft, to);
  }

  readIndex(context: string): ReadIndexResult {
    return requestReadIndex(this.raft, context);
  }

  /** The transport could not reach `peer`: stop streaming to it optimistically. */
  reportUnreachable(peer: NodeId): void {
    const pr = this.raft.role === Role.Leader ? this.raft.progress.get(peer) : undefined;
    if (pr !== undefined && pr.state === ProgressState.Replicate) pr.becomeProbe();
  }

  /** The transport failed to deliver snapshot data to `peer` (ok = false): start that transfer over. */
  reportSnapshot(peer: NodeId, ok: boolean): void {
    const pr = this.raft.role === Role.Leader ? this.raft.progress.get(peer) : undefined;
    if (pr !== undefined && pr.state === ProgressState.Snapshot && !ok) pr.becomeProbe();
  }

  softState(): SoftState {
    return this.raft.softState();
  }

  /** A consistent copy of the node's state for status pages and tests. */
  status(): NodeStatus {
    const r = this.raft;
    const progress = new Map<NodeId, { match: number; next: number; state: ProgressState; recentActive: boolean }>();
    for (const [id, pr] of r.progress) progress.set(id, { match: pr.match, next: pr.next, state: pr.state, recentActive: pr.recentActive });
    return {
      ...r.softState(),
      hardState: r.hardState(),
      applied: r.log.applied,
      firstIndex: r.log.firstIndex(),
      lastIndex: r.log.lastIndex(),
      voters: r.voters,
      progress,
    };
  }

  hasReady(): boolean {
    const r = this.raft;
    r.flushAppends();
    return (
      r.msgs.length > 0 ||
      r.readStates.length > 0 ||
      r.lostLogs.length > 0 ||
      r.log.unstable.entries.length > 0 ||
      r.log.unstable.snapshot !== undefined ||
      r.log.hasNextCommittedEntries() ||
      !hardStateEquals(r.hardState(), this.prevHardState) ||
      !softStateEquals(r.softState(), this.prevSoftState)
    );
  }

  /** What must happen next. Call `advance` with its `persisted()` result before asking again. */
  ready(): Ready {
    if (this.outstanding !== undefined) throw new RaftInvariantError('ready() called again before advance()');
    const r = this.raft;
    r.flushAppends();
    const softState = r.softState();
    const hardState = r.hardState();
    const snapshot = r.log.unstable.snapshot;
    const entries = r.log.unstable.entries.slice();
    const persisted: Persisted = {
      messages: r.msgs,
      snapshot,
      committedEntries: r.log.nextCommittedEntries(r.cfg.maxCommittedSizePerReady),
      readStates: r.readStates,
    };
    const lostLogs = r.lostLogs;
    r.msgs = [];
    r.readStates = [];
    r.lostLogs = [];
    const hardChanged = !hardStateEquals(hardState, this.prevHardState);
    const ready = new OutstandingReady(
      softStateEquals(softState, this.prevSoftState) ? undefined : softState,
      { hardState: hardChanged ? hardState : undefined, entries, snapshot },
      lostLogs,
      persisted,
      hardState,
    );
    this.prevSoftState = softState;
    this.outstanding = ready;
    return ready;
  }

  /** Acknowledges that the last Ready was persisted, sent and applied. */
  advance(done: Persisted): void {
    const ready = this.outstanding;
    if (ready === undefined || done !== ready.result) throw new RaftInvariantError('advance() without the result of the outstanding Ready');
    this.outstanding = undefined;
    const log = this.raft.log;
    const { entries, snapshot } = ready.toPersist;
    if (snapshot !== undefined) log.unstable.stableSnapshotTo(snapshot.meta.index);
    const last = entries[entries.length - 1];
    if (last !== undefined) log.unstable.stableTo(last.index, last.term);
    const lastApplied = done.committedEntries[done.committedEntries.length - 1]?.index ?? snapshot?.meta.index;
    if (lastApplied !== undefined && lastApplied > log.applied) log.appliedTo(lastApplied);
    this.prevHardState = ready.hardState;
  }
}

export interface NodeStatus extends SoftState {
  readonly hardState: HardState;
  readonly applied: number;
  readonly firstIndex: number;
  readonly lastIndex: number;
  readonly voters: readonly NodeId[];
  /** Leader only: replication progress per voter. */
  readonly progress: ReadonlyMap<NodeId, { match: number; next: number; state: ProgressState; recentActive: boolean }>;
}

class OutstandingReady implements Ready {
  readonly mustPersist: boolean;

  constructor(
    readonly softState: SoftState | undefined,
    readonly toPersist: Ready['toPersist'],
    readonly lostLogs: readonly LostLog[],
    readonly result: Persisted,
    readonly hardState: HardState,
  ) {
    this.mustPersist = toPersist.hardState !== undefined || toPersist.entries.length > 0 || toPersist.snapshot !== undefined;
  }

  persisted(): Persisted {
    return this.result;
  }
}

function softStateEquals(a: SoftState, b: SoftState): boolean {
  return a.role === b.role && a.leader === b.leader && a.term === b.term && a.transferee === b.transferee;
}
