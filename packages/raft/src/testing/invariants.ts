import type { MemoryStorage } from '../memory-storage';
import type { PersistBatch } from '../persist-batch';
import { type Entry, type HardState, NONE, type NodeId, type Snapshot } from '../types';
import { fnv1a } from './fnv';
import { SimStateMachine } from './sim-state-machine';

/**
 * The safety properties of Raft (paper §5.4, Figure 3), checked as the simulation runs.
 * Each check is incremental, so it can run after every step:
 * - Election safety: at most one leader per term.
 * - Log matching: two entries with the same index and term carry the same data and follow
 *   an entry of the same term. By induction on the index this is the full property (logs
 *   agreeing at (i, t) agree on every earlier entry).
 * - Leader completeness: a leader elected in term L holds every entry committed by the
 *   leaders of terms before L (later terms' commits are no concern of an old term's leader).
 * - State machine safety: every node applies the same entry at each index, reaching the
 *   same state; a snapshot is the state at exactly its index.
 * - Durability: a node's persisted term never goes backwards and its vote never changes
 *   within a term, across crashes; committed entries are never overwritten.
 */
export class Invariants {
  readonly violations: string[] = [];
  private readonly leaderOfTerm = new Map<number, NodeId>();
  private readonly entryIdentity = new Map<string, { data: number; prevTerm: number | undefined }>();
  /** For every applied index: the entry's term and the state hash right after it. */
  private readonly applied = new Map<number, { term: number; hash: number }>();
  private maxApplied = 0;
  private readonly hardStates = new Map<NodeId, HardState>();
  /** For each leader term: the highest index that term's leader committed, and that entry's term. */
  private readonly leaderCommits = new Map<number, { index: number; term: number }>();

  highestApplied(): number {
    return this.maxApplied;
  }

  private fail(message: string): void {
    this.violations.push(message);
  }

  /** Called when node `id` becomes leader of `term` (after persisting the Ready that says so). */
  onLeader(id: NodeId, term: number, storage: MemoryStorage): void {
    const other = this.leaderOfTerm.get(term);
    if (other !== undefined && other !== id) this.fail(`election safety: nodes ${other} and ${id} both lead term ${term}`);
    this.leaderOfTerm.set(term, id);
    let latest: { index: number; term: number } | undefined;
    for (const [leaderTerm, c] of this.leaderCommits) if (leaderTerm < term && (latest === undefined || c.index > latest.index)) latest = c;
    if (latest === undefined || latest.index < storage.firstIndex() - 1) return; // none, or inside the leader's snapshot
    const actual = storage.term(latest.index);
    if (actual !== latest.term) {
      this.fail(`leader completeness: node ${id} leads term ${term} without committed entry ${latest.index}/${latest.term} (has ${actual ?? 'none'})`);
    }
  }

  /** Called after a leader of `term` persisted `commit`. */
  onLeaderCommit(term: number, commit: number, storage: MemoryStorage): void {
    const known = this.leaderCommits.get(term);
    if (commit > 0 && (known === undefined || commit > known.index)) this.leaderCommits.set(term, { index: commit, term: storage.term(commit)! });
  }

  /** Called after `batch` was saved into `storage` by node `id`. */
  onPersist(id: NodeId, batch: PersistBatch, storage: MemoryStorage): void {
    const hs = batch.hardState;
    if (hs !== undefined) {
      const prev = this.hardStates.get(id);
      if (prev !== undefined) {
        if (hs.term < prev.term) this.fail(`durability: node ${id} term went back from ${prev.term} to ${hs.term}`);
        if (hs.term === prev.term && prev.vote !== NONE && hs.vote !== prev.vote) {
          this.fail(`election safety: node ${id} changed its vote in term ${hs.term} from ${prev.vote} to ${hs.vote}`);
        }
        if (hs.commit < prev.commit) this.fail(`durability: node ${id} commit went back from ${prev.commit} to ${hs.commit}`);
      }
      this.hardStates.set(id, hs);
    }
    for (const e of batch.entries) this.checkEntry(id, e, storage.term(e.index - 1));
  }

  /** Called before `batch` is saved: a node may replace uncommitted entries of its log, never committed ones. */
  beforePersist(id: NodeId, batch: PersistBatch, storage: MemoryStorage): void {
    if (batch.snapshot !== undefined) return;
    for (const e of batch.entries) {
      const old = storage.term(e.index);
      if (old !== undefined && old !== e.term && this.applied.get(e.index)?.term === old) {
        this.fail(`durability: node ${id} replaced committed entry ${e.index}/${old} with term ${e.term}`);
      }
    }
  }

  private checkEntry(id: NodeId, e: Entry, prevTerm: number | undefined): void {
    const key = `${e.index}/${e.term}`;
    const data = fnv1a(e.data, e.kind);
    const known = this.entryIdentity.get(key);
    if (known === undefined) {
      this.entryIdentity.set(key, { data, prevTerm });
    } else if (known.data !== data || (known.prevTerm !== undefined && prevTerm !== undefined && known.prevTerm !== prevTerm)) {
      this.fail(`log matching: node ${id} holds entry ${key} with different data or predecessor (prev term ${prevTerm} vs ${known.prevTerm})`);
    }
  }

  onApply(id: NodeId, e: Entry, before: number, after: SimStateMachine): void {
    if (e.index !== before + 1) this.fail(`state machine safety: node ${id} applied ${e.index} right after ${before}`);
    const known = this.applied.get(e.index);
    if (known === undefined) {
      this.applied.set(e.index, { term: e.term, hash: after.hash });
      this.maxApplied = Math.max(this.maxApplied, e.index);
    } else if (known.term !== e.term || known.hash !== after.hash) {
      this.fail(`state machine safety: node ${id} applied ${e.index}/${e.term} reaching state ${after.hash}, others ${known.term}/${known.hash}`);
    }
  }

  onRestore(id: NodeId, snapshot: Snapshot): void {
    const state = SimStateMachine.decode(snapshot.data);
    const known = this.applied.get(snapshot.meta.index);
    if (state.index !== snapshot.meta.index) this.fail(`snapshot: node ${id} got a snapshot of index ${state.index} labelled ${snapshot.meta.index}`);
    if (known === undefined || known.hash !== state.hash || known.term !== snapshot.meta.term) {
      this.fail(`snapshot: node ${id} restored a snapshot at ${snapshot.meta.index} that is not the state at that index`);
    }
  }
}
