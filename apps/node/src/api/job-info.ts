import { create } from '@bufbuild/protobuf';
import { type JobInfo, JobInfoSchema } from '@sched/rpc/gen';
import type { Job } from '@sched/scheduler';

/** A table Job as the JobInfo of ListJobs and StreamJobs (0 = unassigned; completed_at only when set). */
export function toJobInfo(job: Job): JobInfo {
  return create(JobInfoSchema, {
    jobId: job.id,
    command: job.command,
    status: job.status,
    assignedWorker: job.assignedWorker,
    createdAtMs: job.createdAtMs,
    ...(job.completedAtMs === undefined ? {} : { completedAtMs: job.completedAtMs }),
  });
}
