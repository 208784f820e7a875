import type { GetJobStatusResponse } from '@sched/rpc/gen';
import type { JsonValue } from '../format/json';
import { jobStatusLabel } from '../format/status';
import { joinLines, splitLines } from '../format/text';

/**
 * `job status`, table (REF §1.5): labels padded so values start in column 18; exit code,
 * workers, output and error only when present; timestamps only in JSON.
 */
export function jobStatusTable(job: GetJobStatusResponse): string {
  const lines = [`Job ID:          ${job.jobId}`, `Status:          ${jobStatusLabel(job.status)}`];
  if (job.exitCode !== undefined) lines.push(`Exit Code:       ${job.exitCode}`);
  if (job.assignedWorker > 0n) lines.push(`Assigned Worker: ${job.assignedWorker}`);
  if (job.executedBy > 0n) lines.push(`Executed By:     ${job.executedBy}`);
  pushIndentedBlock(lines, 'Output:', job.output);
  pushIndentedBlock(lines, 'Error:', job.error);
  return joinLines(lines);
}

function pushIndentedBlock(lines: string[], title: string, text: string): void {
  if (text === '') return;
  lines.push(title, ...splitLines(text).map((line) => `  ${line}`));
}

/** `job status`, JSON, keys in nomad-lite's order; absent exit code / completion as null. */
export function jobStatusJson(job: GetJobStatusResponse): JsonValue {
  return {
    job_id: job.jobId,
    status: jobStatusLabel(job.status),
    output: job.output,
    error: job.error,
    assigned_worker: job.assignedWorker,
    executed_by: job.executedBy,
    exit_code: job.exitCode ?? null,
    created_at_ms: job.createdAtMs,
    completed_at_ms: job.completedAtMs ?? null,
  };
}
