import type { Message } from '../messages';
import type { SeededRng } from '../rng';
import type { NodeId } from '../types';

export interface NetworkFaults {
  /** Probability that a message is lost. */
  readonly drop: number;
  /** Probability that a message is delivered twice. */
  readonly duplicate: number;
  /** Each delivery is delayed by a uniform 0..maxDelay ticks, so messages also reorder. */
  readonly maxDelay: number;
}

interface InFlight {
  readonly at: number;
  readonly seq: number;
  readonly message: Message;
}

/**
 * A simulated network in virtual time: messages are delayed, lost, duplicated and
 * reordered as the faults say, and never cross a partition (checked at send and at
 * delivery, so a partition also cuts messages already in flight).
 */
export class SimNetwork {
  private inFlight: InFlight[] = [];
  private seq = 0;
  /** Partition group of each node; nodes in different groups cannot talk. Empty = healed. */
  private groups = new Map<NodeId, number>();

  constructor(
    private readonly rng: SeededRng,
    public faults: NetworkFaults,
  ) {}

  send(now: number, message: Message): void {
    if (!this.connected(message.from, message.to)) return;
    if (this.rng.nextFloat() < this.faults.drop) return;
    const copies = this.rng.nextFloat() < this.faults.duplicate ? 2 : 1;
    for (let c = 0; c < copies; c++) {
      this.inFlight.push({ at: now + 1 + this.rng.nextInt(this.faults.maxDelay + 1), seq: this.seq++, message });
    }
  }

  /** Removes and returns the messages due by `now` for nodes that `accepts`, in delivery order. */
  deliverDue(now: number, accepts: (to: NodeId) => boolean): Message[] {
    const due: InFlight[] = [];
    const rest: InFlight[] = [];
    for (const f of this.inFlight) (f.at <= now && accepts(f.message.to) ? due : rest).push(f);
    this.inFlight = rest;
    due.sort((a, b) => a.at - b.at || a.seq - b.seq);
    return due.filter((f) => this.connected(f.message.from, f.message.to)).map((f) => f.message);
  }

  /** Drops everything addressed to `node` (it crashed: its sockets are gone). */
  dropTo(node: NodeId): void {
    this.inFlight = this.inFlight.filter((f) => f.message.to !== node);
  }

  partition(groups: readonly (readonly NodeId[])[]): void {
    this.groups = new Map();
    groups.forEach((group, g) => group.forEach((id) => this.groups.set(id, g)));
  }

  heal(): void {
    this.groups = new Map();
  }

  isPartitioned(): boolean {
    return this.groups.size > 0;
  }

  describePartition(): string {
    const byGroup = new Map<number, NodeId[]>();
    for (const [id, g] of this.groups) byGroup.set(g, [...(byGroup.get(g) ?? []), id]);
    return [...byGroup.values()].map((ids) => `[${ids.join(',')}]`).join(' | ');
  }

  connected(a: NodeId, b: NodeId): boolean {
    return this.groups.size === 0 || this.groups.get(a) === this.groups.get(b);
  }
}
