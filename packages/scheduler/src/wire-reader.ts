/**
 * A minimal protobuf wire reader for the snapshot, the counterpart of WireWriter. It
 * throws on truncated or malformed input (the caller turns that into a SnapshotError) and
 * skips fields it does not know, so a newer writer's additive fields do not stop it.
 */

import { getTextEncoding } from '@bufbuild/protobuf/wire';

export const VARINT = 0;
export const LENGTH_DELIMITED = 2;
const FIXED64 = 1;
const FIXED32 = 5;
const { decodeUtf8 } = getTextEncoding();

export class WireReader {
  private pos: number;

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  /** False once the message is fully read. */
  more(): boolean {
    return this.pos < this.end;
  }

  /** The next field's number and wire type. */
  key(): [field: number, wireType: number] {
    const key = this.uint();
    return [Math.floor(key / 8), key % 8];
  }

  /** A varint that fits in 53 bits (uint32, small uint64). */
  uint(): number {
    const value = this.small(8);
    if (value === undefined || value > Number.MAX_SAFE_INTEGER) throw new Error(`varint at ${this.pos} does not fit 53 bits`);
    return value;
  }

  /** A 64-bit varint as bigint; `signed` reads it as int64 (two's complement). */
  big(signed: boolean): bigint {
    const start = this.pos;
    const value = this.small(7); // up to 49 bits: never a negative int64
    if (value !== undefined) return BigInt(value);
    this.pos = start;
    let big = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.byte();
      big |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return signed ? BigInt.asIntN(64, big) : BigInt.asUintN(64, big);
    }
    throw new Error(`varint at ${start} is longer than 10 bytes`);
  }

  /** An int32 (negative values arrive sign-extended to ten bytes). */
  int32(): number {
    const start = this.pos;
    const value = this.small(5);
    if (value !== undefined && value <= 0x7fffffff) return value;
    this.pos = start;
    return Number(BigInt.asIntN(32, this.big(true)));
  }

  bool(): boolean {
    return this.uint() !== 0;
  }

  /** A length-delimited field's bounds [start, end) in the buffer; the reader moves past it. */
  delimited(): [start: number, end: number] {
    const length = this.uint();
    const start = this.pos;
    if (start + length > this.end) throw new Error(`field of ${length} bytes at ${start} runs past the message`);
    this.pos += length;
    return [start, this.pos];
  }

  /** A bytes field, as a view into the buffer (copy it to keep it beyond the buffer's life). */
  bytes(): Uint8Array {
    const [start, end] = this.delimited();
    return this.buf.subarray(start, end);
  }

  /** A UTF-8 string; invalid sequences become U+FFFD, as in TextDecoder. */
  string(): string {
    const [start, end] = this.delimited();
    return decodeUtf8(this.buf.subarray(start, end));
  }

  /** A reader over a nested message field. */
  message(): WireReader {
    const [start, end] = this.delimited();
    return new WireReader(this.buf, start, end);
  }

  skip(wireType: number): void {
    if (wireType === VARINT) this.big(false);
    else if (wireType === LENGTH_DELIMITED) this.delimited();
    else if (wireType === FIXED64) this.advance(8);
    else if (wireType === FIXED32) this.advance(4);
    else throw new Error(`wire type ${wireType} at ${this.pos} is not supported`);
  }

  private advance(bytes: number): void {
    if (this.pos + bytes > this.end) throw new Error(`truncated field at ${this.pos}`);
    this.pos += bytes;
  }

  /**
   * A varint of at most `maxBytes` bytes as a number (exact up to 53 bits), or undefined
   * when it is longer (the reader is then somewhere inside it: callers rewind).
   */
  private small(maxBytes: number): number | undefined {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < maxBytes; i++) {
      const byte = this.byte();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
    return undefined;
  }

  private byte(): number {
    if (this.pos >= this.end) throw new Error(`truncated varint at ${this.pos}`);
    return this.buf[this.pos++] as number;
  }
}
