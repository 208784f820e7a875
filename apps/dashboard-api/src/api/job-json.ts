import { type GetJobStatusResponse, type JobInfo, JobStatus } from '@sched/rpc/gen';
import type { z } from 'zod';
import type { JobDetailJson, JobJson } from './response-schemas';
import { rfc3339 } from './rfc3339';
import { statusName } from './status-names';

type Job = z.infer<typeof JobJson>;
type JobDetail = z.infer<typeof JobDetailJson>;

/**
 * A ListJobs row as a GET /api/jobs item (REF §5.1 keys, in REF order). JobInfo carries no
 * result fields, so `executed_by` is the worker of the last attempt for a completed or
 * failed job (the table only accepts a result from that worker), else null; output and
 * error are null: they are served one job at a time by GET /api/jobs/{id}, which keeps a
 * list of 1000 jobs bounded (each output may be up to 1 MiB).
 */
export function jobJson(info: JobInfo): Job {
  const finished = info.status === JobStatus.COMPLETED || info.status === JobStatus.FAILED;
  return {
    id: info.jobId,
    command: info.command,
    status: knownStatus(info.status),
    executed_by: finished ? workerOrNull(info.assignedWorker) : null,
    output: null,
    error: null,
    created_at: rfc3339(info.createdAtMs),
    completed_at: info.completedAtMs === undefined ? null : rfc3339(info.completedAtMs),
  };
}

/** GetJobStatus plus the job's command as GET /api/jobs/{id} answers ("" output or error shows as null). */
export function jobDetailJson(status: GetJobStatusResponse, command: string): JobDetail {
  return {
    id: status.jobId,
    command,
    status: knownStatus(status.status),
    executed_by: workerOrNull(status.executedBy),
    output: status.output === '' ? null : status.output,
    error: status.error === '' ? null : status.error,
    created_at: rfc3339(status.createdAtMs),
    completed_at: status.completedAtMs === undefined ? null : rfc3339(status.completedAtMs),
    assigned_worker: workerOrNull(status.assignedWorker),
    exit_code: status.exitCode ?? null,
  };
}

function workerOrNull(id: bigint): number | null {
  return id === 0n ? null : Number(id);
}

/** Nodes only store the five real statuses; anything else is a protocol error. */
function knownStatus(status: JobStatus): Job['status'] {
  const name = statusName(status);
  if (name === 'unknown') throw new Error(`a node sent job status ${status}`);
  return name;
}
