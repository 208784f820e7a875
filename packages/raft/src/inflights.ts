/**
 * The append messages sent to one peer and not yet acknowledged, bounded in count and
 * bytes: the leader's flow-control window for a follower in the Replicate state.
 * Entries are recorded by the last log index each message carried, in increasing order.
 */
export class Inflights {
  private readonly lastIndexes: number[] = [];
  private readonly sizes: number[] = [];
  private bytes = 0;

  constructor(
    readonly maxMessages: number,
    readonly maxBytes: number,
  ) {}

  add(lastIndex: number, bytes: number): void {
    this.lastIndexes.push(lastIndex);
    this.sizes.push(bytes);
    this.bytes += bytes;
  }

  /** Forgets every message whose entries are all at or below `index` (acknowledged). */
  freeLE(index: number): void {
    let k = 0;
    while (k < this.lastIndexes.length && this.lastIndexes[k]! <= index) {
      this.bytes -= this.sizes[k]!;
      k++;
    }
    this.lastIndexes.splice(0, k);
    this.sizes.splice(0, k);
  }

  /** Frees the oldest message: a heartbeat answer proves the peer is alive but the answer may have been lost. */
  freeFirstOne(): void {
    if (this.lastIndexes.length > 0) this.freeLE(this.lastIndexes[0]!);
  }

  full(): boolean {
    return this.lastIndexes.length >= this.maxMessages || this.bytes >= this.maxBytes;
  }

  count(): number {
    return this.lastIndexes.length;
  }

  reset(): void {
    this.lastIndexes.length = 0;
    this.sizes.length = 0;
    this.bytes = 0;
  }
}
