import type { SubmitJobResponse } from '@sched/rpc/gen';
import type { JsonValue } from '../format/json';
import { joinLines } from '../format/text';

/** `job submit` success, table (REF §1.3). */
export function submitTable(response: SubmitJobResponse): string {
  return joinLines(['Job submitted successfully!', `Job ID: ${response.jobId}`]);
}

/** `job submit` success, JSON: `{job_id, created_at_ms}`. */
export function submitJson(response: SubmitJobResponse): JsonValue {
  return { job_id: response.jobId, created_at_ms: response.createdAtMs };
}
