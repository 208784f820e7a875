/**
 * JSON output: what serde_json's `to_string_pretty` + `println!` print in nomad-lite
 * (2-space indentation, `": "`, keys in insertion order, `[]`/`{}` when empty, a final
 * newline). Unlike JSON.stringify it writes bigints as exact JSON numbers, so uint64/int64
 * values (ids, terms, indexes, timestamps) keep every digit.
 */
export type JsonValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** `value` pretty-printed, followed by a newline. */
export function renderJson(value: JsonValue): string {
  return `${encode(value, '')}\n`;
}

function encode(value: JsonValue, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a JSON number: ${value}`);
    return String(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + encode(item, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  const members = keys.map((key) => `${inner}${JSON.stringify(key)}: ${encode(value[key] ?? null, inner)}`);
  return `{\n${members.join(',\n')}\n${indent}}`;
}

function isArray(value: JsonValue): value is readonly JsonValue[] {
  return Array.isArray(value);
}
