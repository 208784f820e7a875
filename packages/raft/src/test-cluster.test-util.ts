import type { Config } from './config';
import { MemoryStorage } from './memory-storage';
import type { Append, Message, VoteRequest } from './messages';
import { type ProposeResult, RawNode } from './raw-node';
import { SeededRng } from './rng';
import { type Entry, EntryKind, type HardState, type LostLog, NONE, type NodeId, type ReadState, Role, type Snapshot } from './types';

/**
 * A small harness for scenario tests: N RawNodes over MemoryStorage, each Ready handled
 * exactly as the contract says (persist, then send and apply, then advance), and a network
 * the test drives by hand. Nothing moves unless the test says so: `tick` advances time,
 * `deliver`/`stabilize` carry messages, `block`/`isolate` lose them.
 */

export type Tuning = Partial<Omit<Config, 'id' | 'storage' | 'rng'>>;

export interface ClusterOptions extends Tuning {
  readonly seed?: number;
  /** Preloaded logs: the term of each entry from index 1, per node. */
  readonly logs?: Readonly<Record<NodeId, readonly number[]>>;
  /** The stored term of every node (default: the highest term in any preloaded log). */
  readonly term?: number;
}

type Filter = (m: Message) => boolean;

const everything: Filter = () => true;

export class Cluster {
  readonly ids: readonly NodeId[];
  /** Every message any node emitted (blocked ones included), in order. */
  readonly sent: Message[] = [];
  /** Emitted and neither delivered nor lost yet, in send order. */
  inFlight: Message[] = [];
  private readonly storages = new Map<NodeId, MemoryStorage>();
  private readonly nodes = new Map<NodeId, RawNode>();
  private readonly record = new Map<NodeId, NodeRecord>();
  private blocks: Filter[] = [];

  constructor(
    size: number,
    private readonly options: ClusterOptions = {},
  ) {
    this.ids = Array.from({ length: size }, (_, k) => k + 1);
    const preloaded = Object.values(options.logs ?? {}).flat();
    const term = options.term ?? Math.max(0, ...preloaded);
    for (const id of this.ids) {
      this.storages.set(id, storageWith(this.ids, options.logs?.[id] ?? [], term));
      this.record.set(id, emptyRecord());
      this.restart(id);
    }
  }

  node(id: NodeId): RawNode {
    const n = this.nodes.get(id);
    if (n === undefined) throw new Error(`node ${id} is down`);
    return n;
  }

  storage(id: NodeId): MemoryStorage {
    return this.storages.get(id)!;
  }

  /** Committed entries node `id` applied, in order. */
  applied(id: NodeId): Entry[] {
    return this.record.get(id)!.applied;
  }

  /** The same, as `index/term` labels: ['1/1', '2/1', ...]. */
  appliedLabels(id: NodeId): string[] {
    return this.applied(id).map(label);
  }

  readStates(id: NodeId): ReadState[] {
    return this.record.get(id)!.reads;
  }

  /** Snapshots node `id` received from a leader and loaded. */
  restored(id: NodeId): Snapshot[] {
    return this.record.get(id)!.restored;
  }

  /** Every hard state node `id` persisted, in order. */
  hardStates(id: NodeId): HardState[] {
    return this.record.get(id)!.hardStates;
  }

  /** The lost logs node `id` reported (as leader), in order. */
  lostLogs(id: NodeId): LostLog[] {
    return this.record.get(id)!.lostLogs;
  }

  role(id: NodeId): Role {
    return this.node(id).status().role;
  }

  term(id: NodeId): number {
    return this.node(id).status().term;
  }

  commit(id: NodeId): number {
    return this.node(id).status().hardState.commit;
  }

  /** The terms of the entries node `id` has persisted, from its first stored index. */
  logTerms(id: NodeId): number[] {
    const s = this.storage(id);
    const terms: number[] = [];
    for (let i = s.firstIndex(); i <= s.lastIndex(); i++) terms.push(s.term(i)!);
    return terms;
  }

  /** The one live leader of the highest term, or NONE. */
  leader(): NodeId {
    const leaders = [...this.nodes.values()].filter((n) => n.status().role === Role.Leader);
    leaders.sort((a, b) => b.status().term - a.status().term);
    return leaders[0]?.id ?? NONE;
  }

  /** Handles every pending Ready of every live node. */
  flush(): void {
    for (const [id, node] of this.nodes) {
      while (node.hasReady()) {
        const rd = node.ready();
        this.storage(id).save(rd.toPersist);
        const rec = this.record.get(id)!;
        if (rd.toPersist.hardState !== undefined) rec.hardStates.push(rd.toPersist.hardState);
        rec.lostLogs.push(...rd.lostLogs);
        const done = rd.persisted();
        for (const m of done.messages) this.send(m);
        if (done.snapshot !== undefined) rec.restored.push(done.snapshot);
        rec.applied.push(...done.committedEntries);
        rec.reads.push(...done.readStates);
        node.advance(done);
      }
    }
  }

  /** One round: delivers the in-flight messages that match `filter` (the rest stay queued). */
  deliver(filter: Filter = everything): Message[] {
    this.flush();
    const now = this.inFlight.filter(filter);
    this.inFlight = this.inFlight.filter((m) => !filter(m));
    const delivered = now.filter((m) => this.nodes.has(m.to) && !this.blocked(m));
    for (const m of delivered) this.node(m.to).step(m);
    this.flush();
    return delivered;
  }

  /** Delivers until no message is left in flight; returns everything delivered. */
  stabilize(): Message[] {
    const all: Message[] = [];
    for (let round = 0; this.flushed().length > 0; round++) {
      if (round > 1000) throw new Error('the cluster does not stabilize');
      all.push(...this.deliver());
    }
    return all;
  }

  /** Removes and returns the in-flight messages matching `filter`, undelivered. */
  take(filter: Filter = everything): Message[] {
    this.flush();
    const taken = this.inFlight.filter(filter);
    this.inFlight = this.inFlight.filter((m) => !filter(m));
    return taken;
  }

  /** Steps `m` into its recipient whatever the network, and returns (without sending) what it answered. */
  inject(m: Message): Message[] {
    this.flush();
    const before = this.inFlight.length;
    this.node(m.to).step(m);
    this.flush();
    return this.inFlight.splice(before).filter((r) => r.from === m.to);
  }

  /** Ticks node `id` `times` times, handling its Readies; nothing is delivered. */
  tick(id: NodeId, times = 1): void {
    for (let k = 0; k < times; k++) {
      this.node(id).tick();
      this.flush();
    }
  }

  /** `ticks` rounds of: every live node ticks once, then the network stabilizes. */
  run(ticks: number): Message[] {
    const delivered: Message[] = [];
    for (let k = 0; k < ticks; k++) {
      for (const node of this.nodes.values()) node.tick();
      delivered.push(...this.stabilize());
    }
    return delivered;
  }

  /** Makes `id` campaign and lets the election run to the end; it must win. */
  elect(id: NodeId): this {
    this.node(id).campaign();
    this.stabilize();
    if (this.role(id) !== Role.Leader) throw new Error(`node ${id} did not win its election`);
    return this;
  }

  propose(id: NodeId, ...texts: string[]): ProposeResult[] {
    const results = this.node(id).proposeBatch(texts.map(bytes));
    this.flush();
    return results;
  }

  /** From now on (until `heal`), messages matching `filter` are lost. */
  block(filter: Filter): void {
    this.blocks.push(filter);
  }

  isolate(id: NodeId): void {
    this.block((m) => m.from === id || m.to === id);
  }

  heal(): void {
    this.blocks = [];
  }

  /** Stops node `id`: what it had not persisted is lost, and so is what was on its way to it. */
  crash(id: NodeId): void {
    this.nodes.delete(id);
    this.inFlight = this.inFlight.filter((m) => m.to !== id);
  }

  /**
   * Gives the stopped node `id` an empty storage, as if its data directory had been deleted,
   * or an older copy holding entries of `terms` at term `term` (either way what it had
   * persisted since is gone: Raft's durability assumption is broken), and forgets what it
   * applied. `restart` it next.
   */
  wipe(id: NodeId, terms: readonly number[] = [], term = Math.max(0, ...terms)): void {
    if (this.nodes.has(id)) throw new Error(`node ${id} is running: crash it first`);
    this.storages.set(id, storageWith(this.ids, terms, term));
    this.record.set(id, emptyRecord());
  }

  /** (Re)starts node `id` from its storage. */
  restart(id: NodeId, tuning: Tuning = {}): RawNode {
    const { seed = 1, logs: _logs, term: _term, ...rest } = this.options;
    const rng = new SeededRng(seed * 1000 + id);
    const node = new RawNode({ electionTick: 10, heartbeatTick: 1, ...rest, ...tuning, id, storage: this.storage(id), rng });
    this.nodes.set(id, node);
    return node;
  }

  private send(m: Message): void {
    this.sent.push(m);
    if (!this.blocked(m)) this.inFlight.push(m);
  }

  private blocked(m: Message): boolean {
    return this.blocks.some((b) => b(m));
  }

  private flushed(): Message[] {
    this.flush();
    return this.inFlight;
  }
}

interface NodeRecord {
  readonly applied: Entry[];
  readonly reads: ReadState[];
  readonly restored: Snapshot[];
  readonly hardStates: HardState[];
  readonly lostLogs: LostLog[];
}

function emptyRecord(): NodeRecord {
  return { applied: [], reads: [], restored: [], hardStates: [], lostLogs: [] };
}

/** A MemoryStorage holding entries 1..terms.length with the given terms (empty data), at `term`. */
export function storageWith(voters: readonly NodeId[], terms: readonly number[], term = Math.max(0, ...terms)): MemoryStorage {
  const s = new MemoryStorage({ voters });
  const entries = terms.map((t, k) => entry(k + 1, t));
  s.save({ entries, hardState: { term, vote: NONE, commit: 0 }, snapshot: undefined });
  return s;
}

export function label(e: Entry): string {
  return `${e.index}/${e.term}`;
}

export function entry(index: number, term: number, data = ''): Entry {
  return { index, term, kind: EntryKind.Normal, data: bytes(data) };
}

/** An Append from `from` to `to` in `term` after (prevIndex, prevTerm), carrying entries of `terms`. */
export function append(
  from: NodeId,
  to: NodeId,
  term: number,
  [prevIndex, prevTerm]: readonly [number, number],
  terms: readonly number[] = [],
  commit = 0,
): Append {
  const entries = terms.map((t, k) => entry(prevIndex + 1 + k, t));
  return { type: 'Append', from, to, term, prevIndex, prevTerm, entries, commit };
}

export function vote(from: NodeId, to: NodeId, term: number, [lastIndex, lastTerm]: readonly [number, number], pre = false): VoteRequest {
  return { type: pre ? 'PreVote' : 'Vote', from, to, term, lastIndex, lastTerm, transfer: false };
}

/** Command payloads are short ASCII strings; the library itself has no text codec. */
export function bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

export function text(data: Uint8Array): string {
  return String.fromCharCode(...data);
}

/** The messages of one type (narrowing their static type too), optionally also matching `filter`. */
export function ofType<T extends Message['type']>(type: T, filter: (m: MessageOf<T>) => boolean = everything): (m: Message) => m is MessageOf<T> {
  return (m: Message): m is MessageOf<T> => m.type === type && filter(m as MessageOf<T>);
}

type MessageOf<T extends Message['type']> = Message & { readonly type: T };
