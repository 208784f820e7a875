import type { Message } from '../messages';
import type { Ready } from '../ready';
import { SeededRng } from '../rng';
import { Role, type NodeId } from '../types';
import { describeMessage } from './describe-message';
import { Invariants } from './invariants';
import { SimNetwork } from './sim-network';
import { SimNode, type SimNodeTuning } from './sim-node';
import { SimStateMachine } from './sim-state-machine';
import { Trace } from './trace';

/** Which kinds of trouble the chaos phase may cause; all on by default. */
export interface FaultKinds {
  readonly drop: boolean;
  readonly duplicate: boolean;
  readonly reorder: boolean;
  readonly partition: boolean;
  readonly crash: boolean;
  readonly pause: boolean;
  readonly transfer: boolean;
  readonly snapshot: boolean;
  readonly readIndex: boolean;
}

export const ALL_FAULTS: FaultKinds = {
  drop: true,
  duplicate: true,
  reorder: true,
  partition: true,
  crash: true,
  pause: true,
  transfer: true,
  snapshot: true,
  readIndex: true,
};

export interface SimulationOptions {
  readonly seed: number;
  readonly nodes: number;
  readonly faults?: FaultKinds;
  /** Ticks of chaos before the heal phase. */
  readonly chaosTicks?: number;
  /** Ticks the healed cluster gets to elect a leader and commit a new proposal on every node. */
  readonly healTicks?: number;
  readonly tuning?: Partial<SimNodeTuning>;
  /** Events kept for the report of a failing run. */
  readonly traceLength?: number;
}

export interface SimulationResult {
  readonly seed: number;
  readonly nodes: number;
  readonly violations: readonly string[];
  /** The last events before the first violation (or the end), oldest first. */
  readonly trace: readonly string[];
  readonly stats: { readonly ticks: number; readonly applied: number; readonly leaders: number; readonly messages: number };
}

const DEFAULT_TUNING: SimNodeTuning = {
  electionTick: 10,
  heartbeatTick: 2,
  maxSizePerMsg: 256,
  maxInflightMsgs: 4,
  maxSnapshotChunkBytes: 16,
};

/**
 * One seeded run of a whole cluster in virtual time: a chaos phase (faults as configured,
 * random proposals, transfers, reads and compactions) with every invariant checked after
 * every step, then a heal phase in which a leader must emerge and a fresh proposal must be
 * applied on every node within `healTicks`. The same options give the same run.
 */
export function runSimulation(options: SimulationOptions): SimulationResult {
  return new Simulation(options).run();
}

class Simulation {
  private readonly rng: SeededRng;
  private readonly network: SimNetwork;
  private readonly nodes: SimNode[];
  private readonly invariants = new Invariants();
  private readonly trace: Trace;
  private readonly faults: FaultKinds;
  private now = 0;
  private proposals = 0;
  private messages = 0;
  private leaderElections = 0;
  /** Proposals awaiting their apply on the proposing node: `${node}/${index}` -> term and payload. */
  private readonly pending = new Map<string, { term: number; data: string }>();
  /** Highest index of a proposal acknowledged to its client (applied on the node that took it). */
  private acknowledged = 0;
  /** Outstanding read-index requests: context -> the acknowledged index when asked. */
  private readonly reads = new Map<string, number>();
  private firstViolationTrace: string[] | undefined;

  private readonly chaosTicks: number;
  private readonly healTicks: number;

  constructor(private readonly options: SimulationOptions) {
    this.chaosTicks = options.chaosTicks ?? 400;
    this.healTicks = options.healTicks ?? 400;
    this.rng = new SeededRng(options.seed);
    this.faults = options.faults ?? ALL_FAULTS;
    this.network = new SimNetwork(this.rng, this.chaosNetwork());
    this.trace = new Trace(options.traceLength ?? 200);
    const voters = Array.from({ length: options.nodes }, (_, i) => i + 1);
    const tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.nodes = voters.map((id) => new SimNode(id, voters, options.seed, tuning));
    for (const n of this.nodes) n.start();
  }

  run(): SimulationResult {
    for (; this.now < this.chaosTicks && this.ok(); this.now++) {
      this.chaos();
      this.step();
    }
    if (this.ok()) this.heal(this.chaosTicks + this.healTicks);
    return {
      seed: this.options.seed,
      nodes: this.options.nodes,
      violations: this.invariants.violations,
      trace: this.firstViolationTrace ?? this.trace.lines(),
      stats: { ticks: this.now, applied: this.invariants.highestApplied(), leaders: this.leaderElections, messages: this.messages },
    };
  }

  private ok(): boolean {
    return this.invariants.violations.length === 0;
  }

  private chaosNetwork() {
    return {
      drop: this.faults.drop ? 0.05 : 0,
      duplicate: this.faults.duplicate ? 0.03 : 0,
      maxDelay: this.faults.reorder ? 3 : 0,
    };
  }

  private log(event: () => string): void {
    const at = this.now;
    this.trace.add(() => `t=${at} ${event()}`);
  }

  /** One tick: deliver due messages, tick every running node, then drain every node's Ready. */
  private step(): void {
    const running = (id: NodeId) => {
      const n = this.nodes[id - 1]!;
      return n.alive && !n.paused;
    };
    for (const m of this.network.deliverDue(this.now, running)) {
      this.log(() => `deliver ${describeMessage(m)}`);
      this.nodes[m.to - 1]!.node!.step(m);
      if (!this.ok()) return;
    }
    for (const n of this.nodes) if (running(n.id)) n.node!.tick();
    for (const n of this.nodes) if (running(n.id)) this.drain(n);
  }

  private drain(n: SimNode): void {
    while (n.node !== undefined && n.node.hasReady()) {
      this.handleReady(n, n.node.ready());
      if (!this.ok()) {
        this.firstViolationTrace ??= this.trace.lines();
        return;
      }
    }
  }

  private handleReady(n: SimNode, rd: Ready): void {
    const node = n.node!;
    for (const lost of rd.lostLogs) {
      // Every storage here keeps what it saved, so a lost log can only be a false alarm.
      this.invariants.violations.push(`lost log: n${n.id} reports that n${lost.peer} lost acknowledged entries, yet no storage loses any`);
    }
    this.invariants.beforePersist(n.id, rd.toPersist, n.storage);
    n.storage.save(rd.toPersist);
    this.invariants.onPersist(n.id, rd.toPersist, n.storage);
    if (rd.softState !== undefined) {
      const s = rd.softState;
      this.log(() => `n${n.id} ${s.role} term=${s.term} leader=${s.leader}${s.transferee ? ` transferee=${s.transferee}` : ''}`);
      if (s.role === Role.Leader && (n.role !== Role.Leader || n.term !== s.term)) {
        this.leaderElections++;
        this.invariants.onLeader(n.id, s.term, n.storage);
      }
      n.role = s.role;
      n.term = s.term;
    }
    const hs = rd.toPersist.hardState;
    if (hs !== undefined && n.role === Role.Leader) this.invariants.onLeaderCommit(n.term, hs.commit, n.storage);
    if (this.faults.crash && this.rng.nextFloat() < 0.002 && this.now < this.chaosTicks) {
      // Crash after the write, before anything is sent or applied.
      this.log(() => `n${n.id} crashes mid-ready`);
      this.crash(n);
      return;
    }
    const done = rd.persisted();
    for (const m of done.messages) this.send(m);
    if (done.snapshot !== undefined) {
      const snapshot = done.snapshot;
      this.log(() => `n${n.id} restores snapshot ${snapshot.meta.index}/${snapshot.meta.term}`);
      this.invariants.onRestore(n.id, snapshot);
      n.sm = SimStateMachine.decode(snapshot.data);
    }
    for (const e of done.committedEntries) {
      const before = n.sm.index;
      n.sm.apply(e);
      this.invariants.onApply(n.id, e, before, n.sm);
      this.acknowledge(n.id, e.index, e.term, e.data);
    }
    for (const rs of done.readStates) {
      const floor = this.reads.get(rs.context);
      this.reads.delete(rs.context);
      if (floor !== undefined && rs.index < floor) {
        this.invariants.violations.push(`read index: ${rs.context} got index ${rs.index} below acknowledged write ${floor}`);
      }
    }
    node.advance(done);
    this.maybeCompact(n);
  }

  private send(m: Message): void {
    this.messages++;
    this.network.send(this.now, m);
  }

  private acknowledge(id: NodeId, index: number, term: number, data: Uint8Array): void {
    const key = `${id}/${index}`;
    const p = this.pending.get(key);
    if (p === undefined) return;
    this.pending.delete(key);
    if (p.term === term && asciiDecode(data) === p.data) this.acknowledged = Math.max(this.acknowledged, index);
  }

  private maybeCompact(n: SimNode): void {
    if (!this.faults.snapshot) return;
    const snapshotIndex = n.storage.snapshot().meta.index;
    if (n.sm.index - snapshotIndex < 8 + this.rng.nextInt(8)) return;
    n.storage.createSnapshot(n.sm.index, n.sm.encode());
    n.storage.compact(n.sm.index - this.rng.nextInt(3));
    this.log(() => `n${n.id} snapshots at ${n.sm.index}`);
  }

  private crash(n: SimNode): void {
    n.crash();
    this.network.dropTo(n.id);
  }

  private randomNode(filter: (n: SimNode) => boolean): SimNode | undefined {
    const candidates = this.nodes.filter(filter);
    return candidates.length === 0 ? undefined : candidates[this.rng.nextInt(candidates.length)];
  }

  private leaders(): SimNode[] {
    return this.nodes.filter((n) => n.alive && n.node!.softState().role === Role.Leader);
  }

  private propose(n: SimNode): void {
    const data = `p${this.proposals++}`;
    const result = n.node!.propose(asciiEncode(data));
    if (result.ok) {
      this.pending.set(`${n.id}/${result.index}`, { term: result.term, data });
      this.log(() => `n${n.id} proposes ${data} at ${result.index}/${result.term}`);
    }
  }

  private chaos(): void {
    const f = this.faults;
    const r = () => this.rng.nextFloat();
    if (f.crash && r() < 0.004) {
      const victim = this.randomNode((n) => n.alive);
      if (victim !== undefined) {
        this.log(() => `n${victim.id} crashes`);
        this.crash(victim);
      }
    }
    for (const n of this.nodes) {
      if (!n.alive && r() < 0.03) {
        this.log(() => `n${n.id} restarts`);
        n.start();
      }
    }
    if (f.pause && r() < 0.003) {
      const victim = this.randomNode((n) => n.alive && !n.paused);
      if (victim !== undefined) {
        victim.paused = true;
        this.log(() => `n${victim.id} pauses`);
      }
    }
    for (const n of this.nodes) {
      if (n.paused && r() < 0.05) {
        n.paused = false;
        this.log(() => `n${n.id} resumes`);
      }
    }
    if (f.partition && r() < 0.006) {
      const groups: NodeId[][] = [[], []];
      for (const n of this.nodes) groups[this.rng.nextInt(2)]!.push(n.id);
      this.network.partition(groups.filter((g) => g.length > 0));
      this.log(() => `partition ${this.network.describePartition()}`);
    } else if (this.network.isPartitioned() && r() < 0.015) {
      this.network.heal();
      this.log(() => 'partition healed');
    }
    const leader = this.randomNode((n) => n.alive && !n.paused && n.node!.softState().role === Role.Leader);
    if (leader !== undefined) {
      if (r() < 0.3) this.propose(leader);
      if (f.transfer && r() < 0.005) {
        const to = 1 + this.rng.nextInt(this.nodes.length);
        this.log(() => `n${leader.id} transfers leadership to n${to}`);
        leader.node!.transferLeadership(to);
      }
    }
    if (f.readIndex && r() < 0.03) {
      const reader = this.randomNode((n) => n.alive && !n.paused);
      if (reader !== undefined) {
        const context = `r${this.now}-${reader.id}`;
        if (reader.node!.readIndex(context).ok) {
          this.reads.set(context, this.acknowledged);
          this.log(() => `n${reader.id} asks read index ${context} (acknowledged ${this.acknowledged})`);
        }
      }
    }
  }

  /** Heals everything, then requires a leader and a new proposal applied everywhere in time. */
  private heal(deadline: number): void {
    this.network.heal();
    this.network.faults = { drop: 0, duplicate: 0, maxDelay: 1 };
    for (const n of this.nodes) {
      if (!n.alive) n.start();
      n.paused = false;
    }
    this.log(() => 'heal: network repaired, every node running');
    // The proposal that must commit; proposed again if its leader is deposed before that.
    let target: { node: SimNode; index: number; term: number } | undefined;
    for (; this.now < deadline && this.ok(); this.now++) {
      this.step();
      if (target !== undefined && this.acknowledged < target.index) {
        const s = target.node.node!.softState();
        if (s.role !== Role.Leader || s.term !== target.term) target = undefined;
      }
      if (target === undefined) {
        const leaders = this.leaders();
        const leader = leaders.length === 1 ? leaders[0]! : undefined;
        if (leader !== undefined && leader.node!.softState().transferee === 0) {
          const data = 'heal';
          const result = leader.node!.propose(asciiEncode(data));
          if (result.ok) {
            target = { node: leader, index: result.index, term: result.term };
            this.pending.set(`${leader.id}/${result.index}`, { term: result.term, data });
          }
        }
      } else if (this.acknowledged >= target.index && this.nodes.every((n) => n.sm.index >= target!.index)) {
        this.checkConvergence();
        return;
      }
    }
    if (this.ok()) {
      const state = this.nodes.map((n) => `n${n.id}:${n.node!.softState().role}@${n.node!.softState().term} applied=${n.sm.index}`).join(' ');
      this.invariants.violations.push(`liveness: no proposal applied on every node within ${this.healTicks} ticks of healing (${state})`);
      this.firstViolationTrace = this.trace.lines();
    }
  }

  private checkConvergence(): void {
    const [first, ...rest] = this.nodes;
    for (const n of rest) {
      if (n.sm.index === first!.sm.index && n.sm.hash !== first!.sm.hash) {
        this.invariants.violations.push(`convergence: n${n.id} and n${first!.id} differ at ${n.sm.index}`);
      }
    }
  }
}

/** Proposal payloads are short ASCII tags; the library itself needs no text codec. */
function asciiEncode(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function asciiDecode(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}
