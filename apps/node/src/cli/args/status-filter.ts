import { JobStatus } from '@sched/rpc/gen';

const BY_NAME: Readonly<Record<string, JobStatus>> = {
  pending: JobStatus.PENDING,
  running: JobStatus.RUNNING,
  completed: JobStatus.COMPLETED,
  failed: JobStatus.FAILED,
  cancelled: JobStatus.CANCELLED,
};

export type StatusFilter = { readonly ok: true; readonly status: JobStatus } | { readonly ok: false; readonly message: string };

/**
 * `job list --status`: a status name, ASCII case-insensitive (absent: no filter). Anything
 * else is refused with nomad-lite's message (REF §1.6).
 */
export function parseStatusFilter(input: string | undefined): StatusFilter {
  if (input === undefined) return { ok: true, status: JobStatus.UNSPECIFIED };
  const lowered = input.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  const status = Object.hasOwn(BY_NAME, lowered) ? BY_NAME[lowered] : undefined;
  if (status !== undefined) return { ok: true, status };
  return {
    ok: false,
    message: `Unknown status '${lowered}'. Valid values: pending, running, completed, failed, cancelled`,
  };
}
