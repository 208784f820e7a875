import { MAX_COMMAND_BYTES } from './limits';

/** The two ways a job command can be refused, worded exactly as nomad-lite does (REF §3.2). */
export type CommandTextError = 'Command cannot be empty' | 'Command exceeds maximum allowed length';

/**
 * Characters with the Unicode White_Space property: what Rust's `str::trim` strips, so a
 * command is "all whitespace" here exactly when nomad-lite says so. (JavaScript's `trim`
 * differs: it strips U+FEFF and keeps U+0085.)
 */
const ALL_WHITESPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/**
 * Checks a job command: not empty or all whitespace (checked first), at most 1024 UTF-8
 * bytes. Returns the client-facing message, or undefined when the command is accepted.
 * The command is stored untrimmed.
 */
export function validateCommandText(command: string): CommandTextError | undefined {
  if (ALL_WHITESPACE.test(command)) return 'Command cannot be empty';
  if (utf8ByteLength(command) > MAX_COMMAND_BYTES) return 'Command exceeds maximum allowed length';
  return undefined;
}

/** Bytes of `text` encoded as UTF-8; a lone surrogate counts as U+FFFD (3 bytes), as encoders write it. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
