import type { CapturedOutput } from './executor';

const decoder = new TextDecoder('utf-8', { fatal: false });

/** The marker appended to a stream cut at its cap (SPEC §3 Execution: visible truncation). */
export function truncationMarker(droppedBytes: number): string {
  return `\n[output truncated: ${droppedBytes} bytes dropped]`;
}

/**
 * Collects one stream up to `limitBytes`. Bytes past the cap are counted and discarded,
 * never buffered, so a reader that keeps calling `push` keeps the child's pipe drained
 * (a child never blocks on a full pipe because of the cap).
 */
export class OutputCapture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly limitBytes: number) {}

  push(chunk: Buffer): void {
    const room = this.limitBytes - this.kept;
    if (room >= chunk.length) {
      this.chunks.push(chunk);
      this.kept += chunk.length;
      return;
    }
    if (room > 0) {
      this.chunks.push(chunk.subarray(0, room));
      this.kept += room;
    }
    this.dropped += chunk.length - Math.max(room, 0);
  }

  finish(): CapturedOutput {
    const bytes = Buffer.concat(this.chunks, this.kept);
    if (this.dropped === 0) return { text: decoder.decode(bytes), truncated: false, droppedBytes: 0 };
    const end = characterBoundary(bytes);
    const droppedBytes = this.dropped + (bytes.length - end);
    return { text: decoder.decode(bytes.subarray(0, end)) + truncationMarker(droppedBytes), truncated: true, droppedBytes };
  }
}

/**
 * Where `bytes` ends if an incomplete UTF-8 sequence at its end (a character the cap cut
 * in two) is left out, so the cut shows no spurious U+FFFD. Invalid bytes are not this
 * function's business: only a lead byte whose sequence runs past the end is removed.
 */
function characterBoundary(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) !== 0x80) {
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      return length > back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}
