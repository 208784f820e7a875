import { type Entry, EntryKind, type Message, type MessageType, type NodeId, SeededRng } from '@sched/raft';

/** Every @sched/raft message kind, for coverage checks. */
export const MESSAGE_TYPES: readonly MessageType[] = [
  'PreVote',
  'PreVoteResponse',
  'Vote',
  'VoteResponse',
  'Append',
  'AppendResponse',
  'Heartbeat',
  'HeartbeatResponse',
  'Snapshot',
  'SnapshotResponse',
  'TimeoutNow',
  'ReadIndex',
  'ReadIndexResponse',
];

const ALPHABET = ['a', 'Z', '0', ':', ' ', '%', 'é', '😀', '\u0000', '/'];

/**
 * Seeded random Raft messages for property tests: the same seed gives the same messages.
 * Numbers favour the edges (0, 1, 2^32, Number.MAX_SAFE_INTEGER) over a uniform spread.
 */
export class RandomMessages {
  private readonly rng: SeededRng;

  constructor(seed: number) {
    this.rng = new SeededRng(seed);
  }

  int(bound: number): number {
    return this.rng.nextInt(bound);
  }

  /** A non-negative safe integer. */
  num(): number {
    switch (this.rng.nextInt(6)) {
      case 0:
        return 0;
      case 1:
        return 1;
      case 2:
        return Number.MAX_SAFE_INTEGER;
      case 3:
        return 2 ** 32;
      case 4:
        return this.rng.nextInt(1000);
      default:
        return this.rng.nextInt(2 ** 21) * 2 ** 32 + this.rng.nextUint32();
    }
  }

  nodeId(): NodeId {
    return this.rng.nextInt(10) === 0 ? Number.MAX_SAFE_INTEGER : 1 + this.rng.nextInt(7);
  }

  bool(): boolean {
    return this.rng.nextInt(2) === 1;
  }

  text(): string {
    let s = '';
    for (let n = this.rng.nextInt(12); n > 0; n--) s += ALPHABET[this.rng.nextInt(ALPHABET.length)]!;
    return s;
  }

  bytes(max = 40): Uint8Array {
    const out = new Uint8Array(this.rng.nextInt(max + 1));
    for (let i = 0; i < out.length; i++) out[i] = this.rng.nextInt(256);
    return out;
  }

  entry(): Entry {
    const noop = this.rng.nextInt(4) === 0;
    return {
      index: this.num(),
      term: this.num(),
      kind: noop ? EntryKind.Noop : EntryKind.Normal,
      data: noop ? new Uint8Array(0) : this.bytes(),
    };
  }

  message(type: MessageType, from: NodeId, to: NodeId): Message {
    const env = { from, to, term: this.num() };
    switch (type) {
      case 'PreVote':
      case 'Vote':
        return { type, ...env, lastIndex: this.num(), lastTerm: this.num(), transfer: this.bool() };
      case 'PreVoteResponse':
      case 'VoteResponse':
        return { type, ...env, reject: this.bool() };
      case 'Append':
        return {
          type,
          ...env,
          prevIndex: this.num(),
          prevTerm: this.num(),
          entries: Array.from({ length: this.rng.nextInt(5) }, () => this.entry()),
          commit: this.num(),
        };
      case 'AppendResponse':
        return { type, ...env, reject: this.bool(), index: this.num(), hintIndex: this.num(), hintTerm: this.num() };
      case 'Heartbeat':
        return { type, ...env, commit: this.num(), commitTerm: this.num(), context: this.text() };
      case 'HeartbeatResponse':
        return { type, ...env, context: this.text(), reject: this.bool(), hintIndex: this.num() };
      case 'ReadIndex':
        return { type, ...env, context: this.text() };
      case 'Snapshot':
        return {
          type,
          ...env,
          meta: {
            index: this.num(),
            term: this.num(),
            conf: { voters: Array.from({ length: this.rng.nextInt(6) }, () => this.nodeId()) },
          },
          offset: this.num(),
          total: this.num(),
          chunk: this.bytes(200),
          done: this.bool(),
        };
      case 'SnapshotResponse':
        return { type, ...env, index: this.num(), nextOffset: this.num() };
      case 'TimeoutNow':
        return { type, ...env };
      case 'ReadIndexResponse':
        return { type, ...env, context: this.text(), index: this.num() };
    }
  }

  /** 1..maxSize messages of random kinds from one sender to one other node. */
  batch(maxSize: number): Message[] {
    const from = this.nodeId();
    let to = this.nodeId();
    while (to === from) to = this.nodeId();
    return Array.from({ length: 1 + this.rng.nextInt(maxSize) }, () =>
      this.message(MESSAGE_TYPES[this.rng.nextInt(MESSAGE_TYPES.length)]!, from, to),
    );
  }
}
