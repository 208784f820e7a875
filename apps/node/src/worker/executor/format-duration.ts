/**
 * A timeout as the job's error shows it: whole or fractional seconds without trailing
 * zeros, millisecond precision — 30000 → `30s` (REF's `Timed out after 30s`), 300 → `0.3s`,
 * 1500 → `1.5s`, 1 → `0.001s`.
 */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}
