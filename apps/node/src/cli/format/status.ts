import { JobStatus } from '@sched/rpc/gen';

/** Per status: how `job status`/`job list` print it (REF §1.5), and how `log list` details do (the Rust enum variant, REF §1.10). */
const NAMES: ReadonlyMap<number, { readonly label: string; readonly variant: string }> = new Map([
  [JobStatus.UNSPECIFIED, { label: 'UNKNOWN', variant: 'Unspecified' }],
  [JobStatus.PENDING, { label: 'PENDING', variant: 'Pending' }],
  [JobStatus.RUNNING, { label: 'RUNNING', variant: 'Running' }],
  [JobStatus.COMPLETED, { label: 'COMPLETED', variant: 'Completed' }],
  [JobStatus.FAILED, { label: 'FAILED', variant: 'Failed' }],
  [JobStatus.CANCELLED, { label: 'CANCELLED', variant: 'Cancelled' }],
]);

/** `PENDING`, `RUNNING`, ...; 0 or an unknown value → `UNKNOWN`. */
export function jobStatusLabel(status: number): string {
  return NAMES.get(status)?.label ?? 'UNKNOWN';
}

/** `Pending`, `Running`, ..., `Unspecified` for 0; an unknown value → `Unknown`. */
export function jobStatusVariant(status: number): string {
  return NAMES.get(status)?.variant ?? 'Unknown';
}
