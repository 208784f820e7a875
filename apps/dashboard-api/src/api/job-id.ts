/**
 * The canonical form (lowercase, hyphenated) of a job id from a URL path, or undefined when
 * it is not a UUID. Accepts what the nodes accept (nomad-lite's `Uuid::parse_str` forms):
 * hyphenated, 32 hex digits, `{hyphenated}` and `urn:uuid:hyphenated`, hex in either case.
 */
export function parseJobId(text: string): string | undefined {
  const lower = text.toLowerCase();
  const body = /^\{(.{36})\}$/.exec(lower)?.[1] ?? /^urn:uuid:(.{36})$/.exec(lower)?.[1] ?? lower;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(body)) return body;
  const simple = /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/.exec(lower);
  return simple === null ? undefined : simple.slice(1).join('-');
}
