import type { LogLevel } from '../config/server-config';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export type LogFields = Readonly<Record<string, string | number | boolean | bigint | undefined>>;

export interface Logger {
  error(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  debug(event: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  with(fields: LogFields): Logger;
}

/**
 * Structured logs: one JSON object per line (`ts`, `level`, `msg`, then fields), at or
 * above `level`. Event names are stable strings (e.g. `Became leader`) so operators can
 * grep and alert on them.
 */
export function createLogger(level: LogLevel, write: (line: string) => void, base: LogFields = {}): Logger {
  const emit = (at: LogLevel, event: string, fields: LogFields = {}) => {
    if (RANK[at] > RANK[level]) return;
    const record: Record<string, unknown> = { ts: new Date().toISOString(), level: at, msg: event };
    for (const [k, v] of Object.entries({ ...base, ...fields })) if (v !== undefined) record[k] = typeof v === 'bigint' ? v.toString() : v;
    write(`${JSON.stringify(record)}\n`);
  };
  return {
    error: (e, f) => emit('error', e, f),
    warn: (e, f) => emit('warn', e, f),
    info: (e, f) => emit('info', e, f),
    debug: (e, f) => emit('debug', e, f),
    with: (fields) => createLogger(level, write, { ...base, ...fields }),
  };
}
