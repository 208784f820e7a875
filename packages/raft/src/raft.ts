import { type ResolvedConfig, type Config, resolveConfig } from './config';
import { handleVoteRequest, handleVoteResponse, campaign, CampaignKind } from './election';
import { RaftInvariantError } from './errors';
import { abortLeadershipTransfer, handleTimeoutNow } from './leadership-transfer';
import type { Message, Unaddressed } from './messages';
import { Progress } from './progress';
import { quorumSize } from './quorum';
import { RaftLog } from './raft-log';
import { handleReadIndexRequest, handleReadIndexResponse } from './read-index';
import { ReadOnly } from './read-only';
import {
  broadcastAppend,
  broadcastHeartbeat,
  handleAppend,
  handleAppendResponse,
  handleHeartbeat,
  handleHeartbeatResponse,
} from './replication';
import { handleSnapshotChunk, handleSnapshotResponse, resendStalledSnapshots, SnapshotReceiver } from './snapshot-transfer';
import { EntryKind, type HardState, type LostLog, NONE, type NodeId, type ReadState, Role, type SoftState } from './types';
import { checkWellFormed } from './well-formed';

/**
 * The Raft state machine of one node. Deterministic: its only inputs are the calls made
 * on it, its storage and its seeded rng; its outputs are `msgs`, `readStates` and the
 * unstable part of `log`, which `RawNode` turns into `Ready`s.
 *
 * This class holds the state and the role transitions; each protocol concern lives in
 * its own module (election, replication, snapshot-transfer, leadership-transfer,
 * read-index) as functions over it.
 */
export class Raft {
  readonly id: NodeId;
  readonly cfg: ResolvedConfig;
  readonly log: RaftLog;
  /** The voters of the (static) membership, this node included, in ascending order. */
  readonly voters: readonly NodeId[];

  // Persistent state (Raft Figure 2), written out through Ready.hardState.
  term = 0;
  vote: NodeId = NONE;

  role = Role.Follower;
  leader: NodeId = NONE;
  /** Whether this node may start an election when its timer fires (false while drained). */
  campaignEnabled = true;

  /** Leader: replication progress of every voter, this node included (its match is its last index). */
  readonly progress = new Map<NodeId, Progress>();
  /** Candidate/pre-candidate: answers received in the current campaign. */
  readonly votes = new Map<NodeId, boolean>();
  /** Leader: the target of a leadership transfer in progress, or NONE. */
  transferee: NodeId = NONE;

  readonly readOnly = new ReadOnly();
  /** Leader: read requests waiting for the first commit of this term (until then the commit index may be stale). */
  pendingReads: { from: NodeId; context: string }[] = [];
  readStates: ReadState[] = [];
  /** Leader: followers found to have lost acknowledged entries since the last Ready. */
  lostLogs: LostLog[] = [];
  readonly snapshotReceiver = new SnapshotReceiver();

  /** Ticks since the last leader contact (follower) or the last quorum check (leader). */
  electionElapsed = 0;
  heartbeatElapsed = 0;
  randomizedElectionTimeout = 0;

  /** Messages produced since the last Ready. */
  msgs: Message[] = [];

  constructor(config: Config) {
    this.cfg = resolveConfig(config);
    this.id = this.cfg.id;
    this.log = new RaftLog(this.cfg.storage);
    const { hardState, conf } = this.cfg.storage.initialState();
    this.voters = [...conf.voters].sort((a, b) => a - b);
    if (new Set(this.voters).size !== this.voters.length || this.voters.some((v) => !Number.isSafeInteger(v) || v <= 0)) {
      throw new RangeError(`raft config: voters must be distinct positive ids, got [${conf.voters.join(', ')}]`);
    }
    if (!this.voters.includes(this.id)) {
      throw new RangeError(`raft config: node ${this.id} is not one of the voters [${this.voters.join(', ')}]`);
    }
    this.loadHardState(hardState);
    const snapshotIndex = this.log.firstIndex() - 1;
    const applied = this.cfg.applied ?? snapshotIndex;
    if (applied > this.log.committed || applied < snapshotIndex) {
      throw new RangeError(`raft config: applied ${applied} outside [${snapshotIndex}, ${this.log.committed}]`);
    }
    this.log.applied = applied;
    this.becomeFollower(this.term, NONE);
  }

  hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.log.committed };
  }

  softState(): SoftState {
    return { role: this.role, leader: this.leader, term: this.term, transferee: this.transferee };
  }

  quorum(): number {
    return quorumSize(this.voters.length);
  }

  /** Queues a message from this node, stamped with its current term unless one is given. */
  send(m: Unaddressed<Message> & { term?: number }): void {
    this.msgs.push({ term: this.term, ...m, from: this.id } as Message);
  }

  // ---- role transitions -------------------------------------------------------------

  becomeFollower(term: number, leader: NodeId): void {
    this.reset(term);
    this.role = Role.Follower;
    this.leader = leader;
  }

  becomePreCandidate(): void {
    // A pre-candidate keeps its term and vote: it only asks whether it *could* win.
    this.votes.clear();
    this.role = Role.PreCandidate;
    this.leader = NONE;
    this.votes.set(this.id, true);
  }

  becomeCandidate(): void {
    if (this.role === Role.Leader) throw new RaftInvariantError('a leader cannot become a candidate');
    this.reset(this.term + 1);
    this.vote = this.id;
    this.role = Role.Candidate;
    this.votes.set(this.id, true);
  }

  becomeLeader(): void {
    if (this.role === Role.Follower) throw new RaftInvariantError('a follower cannot become leader without an election');
    this.reset(this.term);
    this.role = Role.Leader;
    this.leader = this.id;
    const last = this.log.lastIndex();
    for (const id of this.voters) {
      const pr = new Progress(last + 1, this.cfg.maxInflightMsgs, this.cfg.maxInflightBytes);
      if (id === this.id) {
        pr.match = last;
        pr.recentActive = true;
      }
      this.progress.set(id, pr);
    }
    // The no-op lets entries of earlier terms commit (Raft §5.4.2) and gives reads a
    // commit in the current term to wait for.
    this.appendEntries([{ kind: EntryKind.Noop, data: new Uint8Array(0) }]);
  }

  /**
   * Appends new entries at the end of this leader's log and counts them as replicated on
   * this node. Sound because nothing leaves the node before the Ready that carries these
   * entries is persisted, so no follower can acknowledge them before they are durable here.
   */
  appendEntries(entries: readonly { kind: EntryKind; data: Uint8Array }[]): { index: number; term: number } {
    const first = this.log.lastIndex() + 1;
    this.log.append(entries.map((e, k) => ({ index: first + k, term: this.term, kind: e.kind, data: e.data })));
    const last = this.log.lastIndex();
    this.progress.get(this.id)!.maybeUpdate(last);
    this.maybeCommit();
    return { index: last, term: this.term };
  }

  /** Advances the commit index to what a quorum has replicated (current-term entries only). */
  maybeCommit(): boolean {
    const matches = this.voters.map((id) => this.progress.get(id)!.match).sort((a, b) => b - a);
    const committed = this.log.maybeCommit(matches[this.quorum() - 1]!, this.term);
    if (committed) this.releasePendingReads();
    return committed;
  }

  /** Whether a majority of voters (this node included) has been heard from since the last check. */
  quorumActive(): boolean {
    let active = 0;
    for (const id of this.voters) if (id === this.id || this.progress.get(id)!.recentActive) active++;
    return active >= this.quorum();
  }

  committedInCurrentTerm(): boolean {
    return this.log.term(this.log.committed) === this.term;
  }

  private releasePendingReads(): void {
    if (this.pendingReads.length === 0 || !this.committedInCurrentTerm()) return;
    const reads = this.pendingReads;
    this.pendingReads = [];
    for (const r of reads) handleReadIndexRequest(this, r.from, r.context);
  }

  private reset(term: number): void {
    if (term !== this.term) {
      // A vote is only ever for one term: it is forgotten when, and only when, the term moves on.
      if (term < this.term) throw new RaftInvariantError(`term would move backwards from ${this.term} to ${term}`);
      this.term = term;
      this.vote = NONE;
    }
    this.leader = NONE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.randomizedElectionTimeout = this.cfg.electionTick + this.cfg.rng.nextInt(this.cfg.electionTick + 1);
    abortLeadershipTransfer(this);
    this.votes.clear();
    this.progress.clear();
    this.readOnly.reset();
    this.pendingReads = [];
  }

  private loadHardState(hs: HardState): void {
    if (hs.commit < this.log.committed || hs.commit > this.log.lastIndex()) {
      throw new RaftInvariantError(
        `stored commit ${hs.commit} outside the stored log [${this.log.committed}, ${this.log.lastIndex()}]`,
      );
    }
    this.term = hs.term;
    this.vote = hs.vote;
    this.log.committed = hs.commit;
  }

  // ---- inputs -----------------------------------------------------------------------

  tick(): void {
    if (this.role === Role.Leader) this.tickLeader();
    else this.tickElection();
  }

  private tickElection(): void {
    this.electionElapsed++;
    if (this.electionElapsed >= this.randomizedElectionTimeout && this.campaignEnabled) {
      this.electionElapsed = 0;
      campaign(this, this.cfg.preVote ? CampaignKind.PreElection : CampaignKind.Election);
    }
  }

  private tickLeader(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.cfg.electionTick) {
      this.electionElapsed = 0;
      if (this.cfg.checkQuorum) {
        const active = this.quorumActive();
        for (const [id, pr] of this.progress) if (id !== this.id) pr.recentActive = false;
        if (!active) {
          this.becomeFollower(this.term, NONE);
          return;
        }
      }
      // A transfer that has not completed within an election timeout is abandoned.
      abortLeadershipTransfer(this);
    }
    if (this.heartbeatElapsed >= this.cfg.heartbeatTick) {
      this.heartbeatElapsed = 0;
      broadcastHeartbeat(this, this.readOnly.lastKey());
      resendStalledSnapshots(this);
    }
  }

  /** Whether this follower has heard from a leader within the minimum election timeout. */
  inLease(): boolean {
    return this.cfg.checkQuorum && this.leader !== NONE && this.electionElapsed < this.cfg.electionTick;
  }

  /** Throws MalformedMessageError, changing nothing, for a message no correct peer sends. */
  step(m: Message): void {
    if (m.to !== this.id || !this.voters.includes(m.from) || m.from === this.id) return;
    checkWellFormed(m);
    if (m.term > this.term) {
      if ((m.type === 'PreVote' || m.type === 'Vote') && !m.transfer && this.inLease()) {
        // Thesis §4.2.3: while a leader is known to be alive, a vote request is disruption, not news.
        return;
      }
      const keepsTerm = m.type === 'PreVote' || (m.type === 'PreVoteResponse' && !m.reject);
      if (!keepsTerm) {
        const fromLeader = m.type === 'Append' || m.type === 'Heartbeat' || m.type === 'Snapshot';
        this.becomeFollower(m.term, fromLeader ? m.from : NONE);
      }
    } else if (m.term < this.term) {
      if (m.type === 'Append' || m.type === 'Heartbeat') {
        // A deposed leader learns the newer term from the answer and steps down.
        this.send({ type: 'AppendResponse', to: m.from, reject: true, index: 0, hintIndex: 0, hintTerm: 0 });
      } else if (m.type === 'PreVote') {
        this.send({ type: 'PreVoteResponse', to: m.from, reject: true });
      }
      return;
    }

    switch (m.type) {
      case 'PreVote':
      case 'Vote':
        return handleVoteRequest(this, m);
      case 'PreVoteResponse':
      case 'VoteResponse':
        return handleVoteResponse(this, m);
      case 'Append':
        this.acceptLeader(m.from);
        return handleAppend(this, m);
      case 'Heartbeat':
        this.acceptLeader(m.from);
        return handleHeartbeat(this, m);
      case 'Snapshot':
        this.acceptLeader(m.from);
        return handleSnapshotChunk(this, m);
      case 'AppendResponse':
        return handleAppendResponse(this, m);
      case 'HeartbeatResponse':
        return handleHeartbeatResponse(this, m);
      case 'SnapshotResponse':
        return handleSnapshotResponse(this, m);
      case 'TimeoutNow':
        return handleTimeoutNow(this, m);
      case 'ReadIndex':
        if (this.role === Role.Leader) handleReadIndexRequest(this, m.from, m.context);
        return;
      case 'ReadIndexResponse':
        return handleReadIndexResponse(this, m);
    }
  }

  /** A message from the leader of the current term: follow it and restart the election timer. */
  private acceptLeader(from: NodeId): void {
    if (this.role === Role.Leader) {
      throw new RaftInvariantError(`two leaders in term ${this.term}: ${this.id} and ${from}`);
    }
    if (this.role !== Role.Follower) this.becomeFollower(this.term, from);
    this.leader = from;
    this.electionElapsed = 0;
  }

  /** Sends pending entries to every follower that can take more; called before each Ready. */
  flushAppends(): void {
    if (this.role === Role.Leader) broadcastAppend(this);
  }
}
