import { JobStatus } from '@sched/rpc/gen';

/**
 * Display names of job statuses. Lowercase (`pending` ... `cancelled`) in dashboard JSON,
 * in `job is already <status>` messages and for `--status` parsing; uppercase in the CLI's
 * table output, where an unspecified or unknown value shows as `UNKNOWN` (REF §1.5, §1.6).
 */
export const STATUS_NAMES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type StatusName = (typeof STATUS_NAMES)[number];

const BY_STATUS: ReadonlyMap<number, StatusName> = new Map([
  [JobStatus.PENDING, 'pending'],
  [JobStatus.RUNNING, 'running'],
  [JobStatus.COMPLETED, 'completed'],
  [JobStatus.FAILED, 'failed'],
  [JobStatus.CANCELLED, 'cancelled'],
]);

const BY_NAME: ReadonlyMap<string, JobStatus> = new Map([...BY_STATUS].map(([status, name]) => [name, status]));

/** True for the five real statuses (not UNSPECIFIED, not a number outside the enum). */
export function isKnownStatus(status: number): status is JobStatus {
  return BY_STATUS.has(status);
}

/** Lowercase name; `unknown` for UNSPECIFIED or a number outside the enum. */
export function statusName(status: number): StatusName | 'unknown' {
  return BY_STATUS.get(status) ?? 'unknown';
}

/** Uppercase name for the CLI table (`PENDING` ... `CANCELLED`, else `UNKNOWN`). */
export function statusLabel(status: number): string {
  return statusName(status).toUpperCase();
}

/** The status a name denotes, matched case-insensitively; undefined for anything else. */
export function parseStatusName(text: string): JobStatus | undefined {
  return BY_NAME.get(text.toLowerCase());
}
