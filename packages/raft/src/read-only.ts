import type { NodeId } from './types';

export interface ReadRequest {
  /** The requester's context, returned to it unchanged. */
  readonly context: string;
  readonly from: NodeId;
  /** The leader's commit index when the request arrived. */
  readonly index: number;
  readonly acks: Set<NodeId>;
}

/**
 * Read-index rounds on the leader (Raft thesis §6.4). Each request records the commit
 * index, then a heartbeat round carrying the request's key must be acknowledged by a
 * majority, proving this node was still leader when the request arrived. A quorum for
 * one request confirms every earlier one too.
 */
export class ReadOnly {
  private readonly pending = new Map<string, ReadRequest>();
  private readonly queue: string[] = [];

  static key(from: NodeId, context: string): string {
    return `${from}/${context}`;
  }

  /** Registers a request; a duplicate (same requester and context) is ignored. */
  add(request: ReadRequest): void {
    const key = ReadOnly.key(request.from, request.context);
    if (this.pending.has(key)) return;
    this.pending.set(key, request);
    this.queue.push(key);
  }

  /** Records that `from` answered the heartbeat round `key`; returns who has, or undefined if unknown. */
  recvAck(from: NodeId, key: string): ReadonlySet<NodeId> | undefined {
    const request = this.pending.get(key);
    if (request === undefined) return undefined;
    request.acks.add(from);
    return request.acks;
  }

  /** Removes and returns every request up to and including `key`, oldest first. */
  advance(key: string): ReadRequest[] {
    const at = this.queue.indexOf(key);
    if (at < 0) return [];
    const done = this.queue.splice(0, at + 1).map((k) => this.pending.get(k)!);
    for (const r of done) this.pending.delete(ReadOnly.key(r.from, r.context));
    return done;
  }

  lastKey(): string {
    return this.queue[this.queue.length - 1] ?? '';
  }

  reset(): void {
    this.pending.clear();
    this.queue.length = 0;
  }
}
