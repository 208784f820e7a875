import { type Entry, type LostLog, MalformedMessageError, type Message, type NodeStatus, type RawNode, Role, type SoftState } from '@sched/raft';
import type { Logger } from '../log/logger';
import type { DurableStorage, ReplicatedStateMachine, Transport } from './driver-types';
import { RaftFailure } from './errors';

export interface RaftDriverOptions<R> {
  readonly node: RawNode;
  readonly storage: DurableStorage;
  readonly stateMachine: ReplicatedStateMachine<R>;
  readonly transport: Transport;
  /** Wall-clock length of one Raft tick (sched: 10 ms). */
  readonly tickMs: number;
  /**
   * Proposals waiting to enter the log; a full queue refuses new client proposals at once
   * (REF: 256). Internal ones may fill INTERNAL_RESERVE of it more (see ProposalLane).
   */
  readonly proposalQueueCapacity: number;
  /** From enqueue to apply (REF: 5 s). */
  readonly commitDeadlineMs: number;
  /** Take a snapshot (and compact the log) after this many entries applied since the last one. */
  readonly snapshotEvery: number;
  /** Entries kept below a new snapshot, so slightly lagging followers still catch up from the log. */
  readonly compactionMargin: number;
  readonly onSoftState?: (state: SoftState) => void;
  /**
   * A failure the node cannot go on from, the driver has stopped: storage or the state
   * machine failed, or Raft threw (a bug, or a state that contradicts what was persisted).
   */
  readonly onFatal: (error: Error) => void;
  /** Where the driver reports what Raft found wrong with peers (malformed messages, lost logs). */
  readonly log: Logger;
}

/** A leader handing over refuses writes; the client should retry (against the new leader) shortly. */
const TRANSFERRING = new RaftFailure('leadership-lost', 'Leadership is being transferred; retry shortly');

/** Contexts of the read-index requests behind `commitAtStart` (other reads use `read-`). */
const START_READ = 'start-';

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: RaftFailure): void;
  timer: NodeJS.Timeout;
}

interface Proposal<R> extends Waiter<R> {
  readonly data: Uint8Array;
}

/**
 * Who a proposal comes from. `client`: a client's request (SubmitJob, CancelJob), refused
 * once the queue holds proposalQueueCapacity proposals. `internal`: what finishes work
 * already admitted (results, assignments, worker changes, eviction), admitted up to a
 * quarter more, so a flood of submits cannot turn away the results that would drain it.
 */
export type ProposalLane = 'client' | 'internal';

/** Share of proposalQueueCapacity that internal proposals may use beyond it. */
const INTERNAL_RESERVE = 0.25;

/**
 * Runs one RawNode on the event loop (ARCHITECTURE "The node runtime"): a ticker, a bounded
 * proposal queue, and a ready loop that per Ready does one durable storage write (group
 * commit), then sends, then applies to the state machine, then resolves the proposals and
 * reads that were waiting on what it applied.
 *
 * Contract for callers: `propose` resolves with the state machine's result for the entry
 * only once it is committed and applied on this node; it rejects with a RaftFailure — at
 * once if this node is not the leader or the queue is full, with `leadership-lost` as soon
 * as this node stops leading (the entry may or may not commit later: retry with an
 * idempotency key), with `deadline` after commitDeadlineMs.
 */
export class RaftDriver<R> {
  private readonly node: RawNode;
  private queue: Proposal<R>[] = [];
  /** Proposals in the log, by index, with the term they were appended in. */
  private readonly inLog = new Map<number, Proposal<R> & { term: number }>();
  /** Read-index requests by context, then by the index they wait to see applied. */
  private readonly readsAsked = new Map<string, Waiter<number>>();
  private readonly readsWaitingApply: { index: number; waiter: Waiter<number> }[] = [];
  private readonly transfers: { to: number; waiter: Waiter<SoftState> }[] = [];
  private readCounter = 0;
  private applied: number;
  private lastSnapshot: number;
  private ticker: NodeJS.Timeout | undefined;
  private scheduled = false;
  private stopped = false;
  /** See `commitAtStart`: settled once; until then, the retry of the read-index request behind it. */
  private readonly startCommit: { readonly promise: Promise<number>; resolve(index: number): void; learned: boolean; retry?: NodeJS.Timeout };

  constructor(private readonly options: RaftDriverOptions<R>) {
    this.node = options.node;
    this.applied = options.storage.snapshot().meta.index;
    this.lastSnapshot = this.applied;
    options.stateMachine.restore(options.storage.snapshot());
    let resolve: (index: number) => void = () => {};
    const promise = new Promise<number>((r) => (resolve = r));
    this.startCommit = { promise, resolve, learned: false };
  }

  start(): void {
    this.ticker = setInterval(() => {
      this.node.tick();
      this.schedule();
    }, this.options.tickMs);
    this.askCommitAtStart();
    this.schedule();
  }

  /**
   * Resolves once with a commit index that a leader confirmed after `start()` (a read
   * index), hence at or above every entry committed before this process started: the log
   * up to it records what was decided before this process existed. On a single node it is
   * the index of its own leader no-op. Never settles if the driver stops first.
   */
  commitAtStart(): Promise<number> {
    return this.startCommit.promise;
  }

  /** Stops ticking and fails everything pending with `stopped`. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.ticker);
    clearTimeout(this.startCommit.retry);
    const failure = new RaftFailure('stopped', 'Raft loop is not running');
    for (const p of this.queue) this.settle(p, failure);
    for (const p of this.inLog.values()) this.settle(p, failure);
    for (const w of this.readsAsked.values()) this.settle(w, failure);
    for (const { waiter } of this.readsWaitingApply) this.settle(waiter, failure);
    for (const { waiter } of this.transfers) this.settle(waiter, failure);
    this.queue = [];
    this.inLog.clear();
    this.readsAsked.clear();
    this.readsWaitingApply.length = 0;
    this.transfers.length = 0;
  }

  status(): NodeStatus {
    return this.node.status();
  }

  appliedIndex(): number {
    return this.applied;
  }

  /**
   * Messages from peers; never throws. A message Raft refuses as malformed (it changed
   * nothing) is logged and skipped. Any other error from Raft is fatal: a broken invariant
   * means a bug or a state that contradicts what was persisted, and Raft's state may be
   * half-updated, so the driver stops and reports it through `onFatal`.
   */
  receive(messages: readonly Message[]): void {
    if (this.stopped) return;
    for (const m of messages) {
      try {
        this.node.step(m);
      } catch (error) {
        if (!(error instanceof MalformedMessageError)) {
          this.fail(error);
          return;
        }
        this.options.log.warn('Dropped a malformed Raft message', { peer: m.from, type: m.type, error: error.message });
      }
    }
    this.schedule();
  }

  propose(data: Uint8Array, lane: ProposalLane = 'client'): Promise<R> {
    const refusal = this.refuseWrite();
    if (refusal !== undefined) return Promise.reject(refusal);
    const capacity = this.options.proposalQueueCapacity;
    if (this.queue.length >= (lane === 'client' ? capacity : Math.ceil(capacity * (1 + INTERNAL_RESERVE)))) {
      return Promise.reject(new RaftFailure('queue-full', 'Server is overloaded; retry with backoff'));
    }
    return new Promise<R>((resolve, reject) => {
      const proposal: Proposal<R> = { data, resolve, reject, timer: this.deadline(() => this.expire(proposal)) };
      this.queue.push(proposal);
      this.schedule();
    });
  }

  /** Resolves with an index such that, once applied here (it is, on resolve), local reads are linearizable. */
  readIndex(): Promise<number> {
    if (this.stopped) return Promise.reject(new RaftFailure('stopped', 'Raft loop is not running'));
    const context = `read-${++this.readCounter}`;
    const result = this.node.readIndex(context);
    if (!result.ok) return Promise.reject(new RaftFailure('not-leader', 'Leader unknown, retry later'));
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter<number> = {
        resolve,
        reject,
        timer: this.deadline(() => {
          this.readsAsked.delete(context);
          this.settle(waiter, new RaftFailure('deadline', 'Raft did not confirm the read in time'));
        }),
      };
      this.readsAsked.set(context, waiter);
      this.schedule();
    });
  }

  /**
   * Moves leadership to `to`. Resolves with this node's soft state once the transfer has
   * ended — `leader === to` means it succeeded — or rejects if it cannot start or does not
   * end within the commit deadline.
   */
  transferLeadership(to: number): Promise<SoftState> {
    if (this.stopped) return Promise.reject(new RaftFailure('stopped', 'Raft loop is not running'));
    const started = this.node.transferLeadership(to);
    if (!started.ok) return Promise.reject(new RaftFailure('not-leader', started.reason, this.node.softState().leader));
    return new Promise<SoftState>((resolve, reject) => {
      const entry = {
        to,
        waiter: {
          resolve,
          reject,
          timer: this.deadline(() => {
            this.transfers.splice(this.transfers.indexOf(entry), 1);
            this.settle(entry.waiter, new RaftFailure('deadline', `Leadership transfer to node ${to} did not finish in time`));
          }),
        },
      };
      this.transfers.push(entry);
      this.schedule();
    });
  }

  /** The transport failed to reach `peer`: stop streaming to it until it answers again. */
  reportUnreachable(peer: number): void {
    if (this.stopped) return;
    this.node.reportUnreachable(peer);
    this.schedule();
  }

  /** Allows or forbids this node to campaign (a drained node does not). */
  setCampaignEnabled(enabled: boolean): void {
    this.node.setCampaignEnabled(enabled);
  }

  private refuseWrite(): RaftFailure | undefined {
    if (this.stopped) return new RaftFailure('stopped', 'Raft loop is not running');
    const s = this.node.softState();
    if (s.role !== Role.Leader) return new RaftFailure('not-leader', 'Not leader', s.leader);
    if (s.transferee !== 0) return TRANSFERRING;
    return undefined;
  }

  private deadline(onExpiry: () => void): NodeJS.Timeout {
    return setTimeout(onExpiry, this.options.commitDeadlineMs);
  }

  private expire(p: Proposal<R>): void {
    this.queue = this.queue.filter((q) => q !== p);
    for (const [index, q] of this.inLog) if (q === p) this.inLog.delete(index);
    this.settle(p, new RaftFailure('deadline', 'Raft did not commit the entry in time'));
  }

  private settle<T>(w: Waiter<T>, outcome: RaftFailure | { value: T }): void {
    clearTimeout(w.timer);
    if (outcome instanceof RaftFailure) w.reject(outcome);
    else w.resolve(outcome.value);
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.run();
    });
  }

  private run(): void {
    if (this.stopped) return;
    try {
      this.appendQueued();
      while (!this.stopped && this.node.hasReady()) this.handleReady();
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.stop();
    this.options.onFatal(error instanceof Error ? error : new Error(String(error)));
  }

  /**
   * Asks for a read index for `commitAtStart`: at once, again whenever a leader becomes
   * known (the previous request may have gone to a deposed one), and again after the
   * commit deadline (the request or its answer may be lost).
   */
  private askCommitAtStart(): void {
    const start = this.startCommit;
    if (this.stopped || start.learned) return;
    clearTimeout(start.retry);
    if (!this.node.readIndex(`${START_READ}${++this.readCounter}`).ok) return; // no leader known: asked again once there is one
    start.retry = setTimeout(() => this.askCommitAtStart(), this.options.commitDeadlineMs);
    this.schedule();
  }

  private learnCommitAtStart(index: number): void {
    const start = this.startCommit;
    if (start.learned) return;
    start.learned = true;
    clearTimeout(start.retry);
    start.resolve(index);
  }

  /** Raft's finding that a follower forgot what it had acknowledged: the cluster's safety assumption was broken. */
  private reportLostLog({ peer, from, snapshot }: LostLog): void {
    const source = snapshot > 0 ? `the snapshot at index ${snapshot}` : `index ${from}`;
    this.options.log.error(`Peer ${peer} lost its log (restarted without its data?); rebuilding it from ${source}`, { peer, from, snapshot });
  }

  /** Moves every queued proposal into the log in one batch (one append, replicated together). */
  private appendQueued(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const results = this.node.proposeBatch(batch.map((p) => p.data));
    results.forEach((result, k) => {
      const p = batch[k]!;
      if (result.ok) this.inLog.set(result.index, { ...p, term: result.term });
      else this.settle(p, result.reason === 'transfer-in-progress' ? TRANSFERRING : new RaftFailure('not-leader', 'Not leader', result.leader));
    });
  }

  private handleReady(): void {
    const ready = this.node.ready();
    if (ready.softState !== undefined) this.onSoftState(ready.softState);
    for (const lost of ready.lostLogs) this.reportLostLog(lost);
    if (ready.mustPersist) this.options.storage.save(ready.toPersist);
    const done = ready.persisted();
    if (done.messages.length > 0) this.options.transport.send(done.messages);
    if (done.snapshot !== undefined) {
      this.options.stateMachine.restore(done.snapshot);
      this.applied = done.snapshot.meta.index;
      this.lastSnapshot = this.applied;
    }
    for (const entry of done.committedEntries) this.apply(entry);
    for (const rs of done.readStates) {
      if (rs.context.startsWith(START_READ)) this.learnCommitAtStart(rs.index);
      const waiter = this.readsAsked.get(rs.context);
      if (waiter === undefined) continue;
      this.readsAsked.delete(rs.context);
      this.readsWaitingApply.push({ index: rs.index, waiter });
    }
    this.node.advance(done);
    this.releaseReads();
    this.maybeSnapshot();
  }

  private apply(entry: Entry): void {
    const result = this.options.stateMachine.apply(entry);
    this.applied = entry.index;
    const p = this.inLog.get(entry.index);
    if (p === undefined) return;
    this.inLog.delete(entry.index);
    // Another leader's entry took this index: ours was lost with our leadership.
    if (p.term === entry.term) this.settle(p, { value: result });
    else this.settle(p, new RaftFailure('leadership-lost', 'Leadership was lost before the entry committed'));
  }

  private onSoftState(state: SoftState): void {
    if (state.role !== Role.Leader) {
      const lost = new RaftFailure('leadership-lost', 'Leadership was lost before the entry committed', state.leader);
      for (const p of this.inLog.values()) this.settle(p, lost);
      this.inLog.clear();
      for (const p of this.queue) this.settle(p, new RaftFailure('not-leader', 'Not leader', state.leader));
      this.queue = [];
    }
    for (const t of [...this.transfers]) {
      // Ended: the target leads, or the transfer was abandoned, or another node won.
      const ended =
        state.leader === t.to ||
        (state.role === Role.Leader && state.transferee === 0) ||
        (state.role !== Role.Leader && state.leader !== 0);
      if (!ended) continue;
      this.transfers.splice(this.transfers.indexOf(t), 1);
      this.settle(t.waiter, { value: state });
    }
    if (state.leader !== 0) this.askCommitAtStart();
    this.options.onSoftState?.(state);
  }

  private releaseReads(): void {
    for (let k = this.readsWaitingApply.length - 1; k >= 0; k--) {
      const { index, waiter } = this.readsWaitingApply[k]!;
      if (index > this.applied) continue;
      this.readsWaitingApply.splice(k, 1);
      this.settle(waiter, { value: index });
    }
  }

  private maybeSnapshot(): void {
    if (this.applied - this.lastSnapshot < this.options.snapshotEvery) return;
    const { storage, stateMachine, compactionMargin } = this.options;
    storage.createSnapshot(this.applied, stateMachine.snapshot());
    storage.compact(Math.max(this.lastSnapshot, this.applied - compactionMargin));
    this.lastSnapshot = this.applied;
  }
}
