import { type Entry, EntryKind } from '@sched/raft';

/** `count` entries from `from` on, all sharing one `size`-byte payload (memory stays flat). */
export function makeEntries(from: number, count: number, term: number, payload: Uint8Array): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < count; i++) out.push({ index: from + i, term, kind: EntryKind.Normal, data: payload });
  return out;
}

export function payload(size: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => (i * 31) & 0xff);
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export function format(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3);
}
