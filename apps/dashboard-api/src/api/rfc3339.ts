/**
 * A timestamp as the reference's JSON writes it (REF §5): RFC 3339 in UTC with a `+00:00`
 * suffix, never `Z`, and fractional seconds only as needed. Our times are milliseconds, so
 * the fraction has 0 or 3 digits: `2026-01-28T12:45:41+00:00`, `2026-01-28T12:45:41.231+00:00`.
 * Years outside 0000-9999 cannot come from a leader's clock and are refused (RangeError).
 */
export function rfc3339(ms: bigint): string {
  const date = new Date(Number(ms));
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) throw new RangeError(`timestamp ${ms} ms is outside years 0000-9999`);
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const fraction = iso.slice(19, 23);
  return `${iso.slice(0, 19)}${fraction === '.000' ? '' : fraction}+00:00`;
}
