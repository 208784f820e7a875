import type { Entry, Snapshot } from '@sched/raft';
import { type ApplyResult, JobTable } from '@sched/scheduler';
import type { ReplicatedStateMachine } from '../raft/driver-types';

/**
 * The job table as the Raft driver's state machine. Every entry's bytes are a scheduler
 * `Command` (a leader's no-op is empty bytes: a Command with no variant), applied at the
 * entry's index and term. `onApplied` sees each result, on every node, for the local
 * reactions (start or kill a job here, forget evicted output).
 */
export class TableMachine implements ReplicatedStateMachine<ApplyResult> {
  table: JobTable;

  constructor(
    private readonly capacity: number | undefined,
    private readonly onApplied: (result: ApplyResult, entry: Entry) => void = () => {},
  ) {
    this.table = this.fresh();
  }

  apply(entry: Entry): ApplyResult {
    const result = this.table.applyEntry(entry.data, { index: entry.index, term: entry.term });
    this.onApplied(result, entry);
    return result;
  }

  restore(snapshot: Snapshot): void {
    this.table = snapshot.data.length === 0 ? this.fresh() : JobTable.restore(snapshot.data, this.options());
  }

  snapshot(): Uint8Array {
    return this.table.snapshot();
  }

  private fresh(): JobTable {
    return JobTable.create(this.options());
  }

  private options() {
    return this.capacity === undefined ? {} : { capacity: this.capacity };
  }
}
