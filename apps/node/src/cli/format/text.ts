/**
 * Text primitives of the table output. nomad-lite formats with Rust's `{:<N}` and `.lines()`,
 * which count and split Unicode scalar values (code points), not UTF-16 units or bytes; these
 * helpers do the same so that the tables come out byte-identical.
 */

/** Number of Unicode code points in `text` (Rust's `str::chars().count()`). */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** `text` left-aligned in a field of `width` code points (Rust `{:<width}`); never cuts. */
export function padRight(text: string, width: number): string {
  const missing = width - codePointLength(text);
  return missing > 0 ? text + ' '.repeat(missing) : text;
}

/**
 * The lines of `text` as Rust's `str::lines()` yields them: split on `\n`, one trailing
 * `\r` removed from each line, no extra empty line after a final newline.
 */
export function splitLines(text: string): string[] {
  const pieces = text.split('\n');
  const tail = pieces.pop() ?? ''; // what follows the last '\n' ('' when text ends with one)
  const lines = pieces.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (tail !== '') lines.push(tail);
  return lines;
}

/** Joins output lines, each terminated by `\n` (what a sequence of `println!` prints). */
export function joinLines(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}
