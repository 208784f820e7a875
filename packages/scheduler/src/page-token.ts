/** u64::MAX: the largest offset nomad-lite's `usize` parse accepts on 64-bit hosts. */
const U64_MAX = 2n ** 64n - 1n;

/**
 * The offset a ListJobs page token encodes: "" is 0; otherwise an optional `+` and decimal
 * digits up to u64::MAX (what Rust's `usize::from_str` accepts, leading zeros included).
 * Anything else is undefined, answered with `Invalid page token`. Offsets beyond
 * Number.MAX_SAFE_INTEGER are past the end of any table and are clamped to it.
 */
export function parsePageToken(token: string): number | undefined {
  if (token === '') return 0;
  if (!/^\+?[0-9]+$/.test(token)) return undefined;
  const value = BigInt(token.startsWith('+') ? token.slice(1) : token);
  if (value > U64_MAX) return undefined;
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}
