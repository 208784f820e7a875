import type { CapturedStream } from './output-store';

/** What an append keeps of a chunk, given what its stream already holds. */
export interface CapDecision {
  /** The prefix of the chunk that fits under the cap (possibly empty). */
  readonly kept: Uint8Array;
  /** Whether the stream is truncated after this append. */
  readonly truncated: boolean;
}

/**
 * The capping rule shared by both output stores: keep the first `cap` bytes of a stream,
 * and once anything was dropped the stream stays truncated.
 */
export function capChunk(storedBytes: number, alreadyTruncated: boolean, chunk: Uint8Array, cap: number): CapDecision {
  const room = Math.max(0, cap - storedBytes);
  const kept = chunk.length <= room ? chunk : chunk.subarray(0, room);
  return { kept, truncated: alreadyTruncated || kept.length < chunk.length };
}

export const EMPTY_STREAM: CapturedStream = { data: new Uint8Array(0), truncated: false };

/** Joins the chunks of a stream, in order, into a new array. */
export function concatChunks(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
