/**
 * When each peer was last heard from (an RPC it answered, or a batch it sent us), on this
 * node's monotonic clock. A peer is alive while that is within the liveness window (REF:
 * 3 s); cluster status reports it, and only the leader's view is meaningful.
 */
export class PeerLiveness {
  private readonly lastHeard = new Map<number, number>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  heard(peer: number): void {
    this.lastHeard.set(peer, this.now());
  }

  alive(peer: number): boolean {
    const at = this.lastHeard.get(peer);
    return at !== undefined && this.now() - at < this.windowMs;
  }
}
