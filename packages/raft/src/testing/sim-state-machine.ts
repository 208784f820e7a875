import { type Entry, EntryKind } from '../types';
import { fnv1a } from './fnv';

/** Bytes of padding in each snapshot, so that snapshots span several chunks. */
const SNAPSHOT_PADDING = 40;

/**
 * The simulated application: a fingerprint of every command applied, in order. Two nodes
 * with the same (index, hash) applied the same commands; a snapshot is that pair.
 */
export class SimStateMachine {
  constructor(
    public index = 0,
    public hash = 0x811c9dc5,
    public count = 0,
  ) {}

  apply(entry: Entry): void {
    this.index = entry.index;
    if (entry.kind === EntryKind.Normal) {
      this.hash = fnv1a(entry.data, this.hash);
      this.count++;
    }
  }

  encode(): Uint8Array {
    const out = new Uint8Array(12 + SNAPSHOT_PADDING);
    const view = new DataView(out.buffer);
    view.setUint32(0, this.index);
    view.setUint32(4, this.hash);
    view.setUint32(8, this.count);
    for (let i = 0; i < SNAPSHOT_PADDING; i++) out[12 + i] = (this.hash >>> (i % 4) * 8) & 0xff;
    return out;
  }

  static decode(data: Uint8Array): SimStateMachine {
    if (data.length === 0) return new SimStateMachine();
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    return new SimStateMachine(view.getUint32(0), view.getUint32(4), view.getUint32(8));
  }
}
