import { readFileSync } from 'node:fs';

/** The JSON records (one per line, as `sched server` logs) of a log file whose `msg` is `message`. */
export function logRecords(path: string, message: string): Record<string, unknown>[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const records: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const record = JSON.parse(line) as Record<string, unknown>;
      if (record['msg'] === message) records.push(record);
    } catch {
      // A line cut short by kill -9: not a record.
    }
  }
  return records;
}

/** The executor node's log says it selected (`Worker executor selected`), or `none`. */
export function selectedExecutor(path: string): string {
  const record = logRecords(path, 'Worker executor selected').at(-1);
  return typeof record?.['executor'] === 'string' ? record['executor'] : 'none';
}
