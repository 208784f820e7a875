import { JobStatus } from '@sched/rpc/gen';

/** The lowercase status names of the REST JSON and of the `status` query parameter (REF §3.1). */
export const STATUS_NAMES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type StatusName = (typeof STATUS_NAMES)[number];

const BY_STATUS = new Map<number, StatusName>([
  [JobStatus.PENDING, 'pending'],
  [JobStatus.RUNNING, 'running'],
  [JobStatus.COMPLETED, 'completed'],
  [JobStatus.FAILED, 'failed'],
  [JobStatus.CANCELLED, 'cancelled'],
]);
const BY_NAME = new Map([...BY_STATUS].map(([status, name]) => [name, status as JobStatus]));

/** Lowercase name of a wire status; `unknown` for UNSPECIFIED or a number outside the enum. */
export function statusName(status: number): StatusName | 'unknown' {
  return BY_STATUS.get(status) ?? 'unknown';
}

export function statusOfName(name: StatusName): JobStatus {
  return BY_NAME.get(name)!;
}
