/**
 * SQLite returns BLOBs as Node `Buffer`s. Stores hand out plain `Uint8Array` views of the
 * same memory instead, so that callers get the type the interfaces promise (a `Buffer`'s
 * `slice` shares memory where a `Uint8Array`'s copies).
 */
export function asUint8Array(blob: Buffer): Uint8Array {
  return new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength);
}
