import type { OutputFormat } from '../client-options';
import { type JsonValue, renderJson } from '../format/json';
import type { CliIo } from '../io';

/** Writes a result to stdout in the chosen format. */
export function writeResult(io: CliIo, format: OutputFormat, table: () => string, json: () => JsonValue): void {
  io.stdout.write(format === 'json' ? renderJson(json()) : table());
}
