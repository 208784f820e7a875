/**
 * The job results a worker has produced and not yet seen committed, kept so that a
 * restart does not lose them (SPEC §3: results are reported until committed). Entries are
 * opaque bytes (the worker stores encoded status updates) under a key it chooses
 * (`<job id>/<attempt>`).
 *
 * Contract: `put` replaces the entry of its key; `delete` of an absent key does nothing;
 * `all` returns every entry in insertion order. The SQLite implementation makes `put` and
 * `delete` durable before returning and throws a StorageError when it cannot.
 */
export interface ReportOutbox {
  put(key: string, data: Uint8Array): void;
  delete(key: string): void;
  all(): { readonly key: string; readonly data: Uint8Array }[];
  close(): void;
}

/** The outbox of a node without a data directory: lost on restart, like everything else. */
export class MemoryReportOutbox implements ReportOutbox {
  private readonly entries = new Map<string, Uint8Array>();

  put(key: string, data: Uint8Array): void {
    this.entries.delete(key);
    this.entries.set(key, data.slice());
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  all(): { key: string; data: Uint8Array }[] {
    return [...this.entries].map(([key, data]) => ({ key, data }));
  }

  close(): void {
    this.entries.clear();
  }
}
