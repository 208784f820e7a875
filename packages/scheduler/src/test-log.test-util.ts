import type { MessageInitShape } from '@bufbuild/protobuf';
import { type Command, JobStatus, type SubmitJobCommandSchema } from '@sched/rpc/gen';
import type { ApplyResult } from './apply-result';
import * as commands from './commands';
import { JobTable, type JobTableOptions } from './job-table';

/** A fixed epoch for tests: 2023-11-14T22:13:20Z. */
export const T0 = 1_700_000_000_000n;

/** A deterministic canonical job id for small integers. */
export function jobId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** SubmitJob of job `n`, created at T0 + n ms, command `echo job <n>`. */
export function submit(n: number, extra: Partial<MessageInitShape<typeof SubmitJobCommandSchema>> = {}): Command {
  return commands.submitJob({ jobId: jobId(n), command: `echo job ${n}`, createdAtMs: T0 + BigInt(n), ...extra });
}

/** A docker-and-exec worker with `slots` slots. */
export function register(id: number, slots = 4, executors: readonly string[] = ['docker', 'exec']): Command {
  return commands.registerWorker(BigInt(id), slots, executors);
}

export function assign(n: number, worker: number, attempt = 1): Command {
  return commands.assignJob({ jobId: jobId(n), workerId: BigInt(worker), attempt });
}

/** A Completed (exit 0) or Failed (exit 1) report of job `n`'s attempt by `worker`, at T0 + 1 h. */
export function report(n: number, worker: number, status: 'completed' | 'failed' | 'running', attempt = 1): Command {
  const value = { completed: JobStatus.COMPLETED, failed: JobStatus.FAILED, running: JobStatus.RUNNING }[status];
  return commands.updateJobStatus({
    jobId: jobId(n),
    status: value,
    executedBy: BigInt(worker),
    attempt,
    ...(status === 'running' ? {} : { exitCode: status === 'completed' ? 0 : 1, completedAtMs: T0 + 3_600_000n }),
  });
}

/**
 * A Raft log in miniature: applies each command to every table as the next entry
 * (index 1, 2, ... in term 1), as every node of a cluster would.
 */
export class Log {
  readonly tables: JobTable[];
  private index = 0;

  constructor(nodes = 1, options: JobTableOptions = {}) {
    this.tables = Array.from({ length: nodes }, () => JobTable.create(options));
  }

  /** The first node's table. */
  get table(): JobTable {
    return this.tables[0] as JobTable;
  }

  /** Applies to every table; returns the first table's result. */
  apply(command: Command): ApplyResult {
    this.index++;
    const results = this.tables.map((t) => t.apply(command, { index: this.index, term: 1 }));
    return results[0] as ApplyResult;
  }

  applyAll(...list: Command[]): ApplyResult[] {
    return list.map((c) => this.apply(c));
  }
}

/** The no-op reasons of a result, for compact assertions. */
export function reasons(result: ApplyResult): string[] {
  return result.noops.map((n) => n.reason);
}
