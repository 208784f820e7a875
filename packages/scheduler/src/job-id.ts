/**
 * Job ids are UUIDs. The table stores and compares them in one canonical form, lowercase
 * hyphenated (`3f2b1c4d-...`), the form the leader generates. Clients may send any form
 * nomad-lite's `Uuid::parse_str` accepts; `parseJobId` maps those to the canonical one.
 */

const HYPHENATED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIMPLE = /^[0-9a-f]{32}$/i;
const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The canonical form of a client-supplied job id, or undefined if it is not a UUID.
 * Accepted, hex in either case: hyphenated (36 chars), simple (32 hex digits), braced
 * `{hyphenated}` and `urn:uuid:hyphenated`.
 */
export function parseJobId(text: string): string | undefined {
  let body = text;
  if (body.length === 38 && body.startsWith('{') && body.endsWith('}')) body = body.slice(1, -1);
  else if (body.length === 45 && body.startsWith('urn:uuid:')) body = body.slice(9);
  if (HYPHENATED.test(body)) return body.toLowerCase();
  if (text.length === 32 && SIMPLE.test(text)) return hyphenate(text.toLowerCase());
  return undefined;
}

/** True for the one form the table accepts in commands: lowercase hyphenated. */
export function isCanonicalJobId(text: string): boolean {
  return CANONICAL.test(text);
}

/** The 16 bytes of a canonical id (snapshot encoding). */
export function jobIdToBytes(id: string): Uint8Array {
  const bytes = new Uint8Array(16);
  let at = 0;
  for (let i = 0; i < 16; i++) {
    if (id.charCodeAt(at) === 0x2d) at++; // '-'
    bytes[i] = (hexValue(id.charCodeAt(at)) << 4) | hexValue(id.charCodeAt(at + 1));
    at += 2;
  }
  return bytes;
}

/** The canonical id of 16 bytes; undefined for any other length. */
export function jobIdFromBytes(bytes: Uint8Array): string | undefined {
  if (bytes.length !== 16) return undefined;
  // One flat string from char codes: ids built by concatenation are ropes, which cost
  // a flattening on first hashing (Map and Set keys), noticeable at 100,000 ids.
  const codes = new Array<number>(36);
  let at = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) codes[at++] = 0x2d;
    const b = bytes[i] as number;
    codes[at++] = HEX_CODES[b >> 4] as number;
    codes[at++] = HEX_CODES[b & 15] as number;
  }
  return String.fromCharCode(...codes);
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** Value of a lowercase hex digit's char code. */
function hexValue(code: number): number {
  return code <= 0x39 ? code - 0x30 : code - 0x57;
}

function hyphenate(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
