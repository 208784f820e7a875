import { codePointLength } from './text';

/**
 * Shortens `text` for a table cell the way nomad-lite does (longer than `max` → the first
 * `keep` characters + `...`), but counting code points instead of bytes, so a multi-byte
 * character is never split (nomad-lite slices bytes and panics on such text, REF §12 G38).
 * ASCII text is cut exactly where nomad-lite cuts it.
 */
export function truncateForCell(text: string, max: number, keep: number): string {
  if (codePointLength(text) <= max) return text;
  return `${Array.from(text).slice(0, keep).join('')}...`;
}

/** `job list` COMMAND column: more than 20 characters → 17 + `...` (REF §1.6). */
export function truncateCommand(command: string): string {
  return truncateForCell(command, 20, 17);
}

/** `log list` DETAILS column: more than 30 characters → 27 + `...` (REF §1.10). */
export function truncateDetails(details: string): string {
  return truncateForCell(details, 30, 27);
}
