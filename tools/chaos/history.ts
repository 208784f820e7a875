/** One request of a chaos client and its answer, as the client saw them. */
export interface Operation {
  readonly client: number;
  readonly op: 'submit' | 'cancel' | 'read';
  /** The submit's idempotency key (also the name of its side-effect file). */
  readonly key?: string;
  readonly jobId?: string;
  /** Node asked (reads go to one node, chosen at random). */
  readonly node?: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly ok: boolean;
  /** Submit: the job id; cancel: the answer's message; read: the status name. */
  readonly value?: string;
  /** Cancel: the answer's success flag. */
  readonly success?: boolean;
  /** The gRPC code name and message of a failed call. */
  readonly error?: string;
}

/** Every operation of a run, in the order they ended. */
export class History {
  readonly operations: Operation[] = [];
  /** Idempotency key -> job id, for every acknowledged submit. */
  readonly acknowledged = new Map<string, string>();
  /** Job id -> when its submit was acknowledged. */
  readonly acknowledgedAtMs = new Map<string, number>();
  /** Keys acknowledged under two different job ids (an idempotency violation). */
  readonly conflicts: string[] = [];

  record(operation: Operation): void {
    this.operations.push(operation);
    if (operation.op === 'submit' && operation.ok && operation.key !== undefined && operation.value !== undefined) {
      const earlier = this.acknowledged.get(operation.key);
      if (earlier !== undefined && earlier !== operation.value) this.conflicts.push(`submit ${operation.key} acknowledged as ${earlier} and as ${operation.value}`);
      this.acknowledged.set(operation.key, operation.value);
      if (!this.acknowledgedAtMs.has(operation.value)) this.acknowledgedAtMs.set(operation.value, operation.endMs);
    }
  }

  /** Counts of operations by kind and outcome, e.g. `submit ok` -> 812, `cancel FailedPrecondition` -> 40. */
  tally(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const o of this.operations) {
      const name = `${o.op} ${o.ok ? 'ok' : (o.error ?? 'failed').split(':')[0]}`;
      counts[name] = (counts[name] ?? 0) + 1;
    }
    return counts;
  }
}
