/** Longest accepted job command, in UTF-8 bytes (REF §3.2; exactly this many is accepted). */
export const MAX_COMMAND_BYTES = 1024;

/**
 * Characters with the Unicode White_Space property, what Rust's `str::trim` strips: a
 * command made only of them is "empty" exactly when the nodes (and nomad-lite) say so.
 */
const ALL_WHITESPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

export function isBlankCommand(command: string): boolean {
  return ALL_WHITESPACE.test(command);
}

export function exceedsCommandBytes(command: string): boolean {
  return Buffer.byteLength(command, 'utf8') > MAX_COMMAND_BYTES;
}
