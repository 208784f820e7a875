import { create } from '@bufbuild/protobuf';
import { GetJobStatusResponseSchema, JobStatus } from '@sched/rpc/gen';
import { renderJson } from '../format/json';
import { jobStatusJson, jobStatusTable } from './job-status';

const ID = '3f2b9c1e-0000-4000-8000-000000000001';

describe('job status table (REF §1.5)', () => {
  it('a pending job: id and status only', () => {
    const job = create(GetJobStatusResponseSchema, { jobId: ID, status: JobStatus.PENDING, createdAtMs: 5n });
    expect(jobStatusTable(job)).toBe(`Job ID:          ${ID}\nStatus:          PENDING\n`);
  });

  it('a finished job: exit code, workers, indented output and error lines', () => {
    const job = create(GetJobStatusResponseSchema, {
      jobId: ID,
      status: JobStatus.FAILED,
      output: 'line one\r\nline two\n',
      error: 'boom\n\nbang',
      assignedWorker: 2n,
      executedBy: 3n,
      exitCode: 0,
      createdAtMs: 5n,
      completedAtMs: 9n,
    });
    expect(jobStatusTable(job)).toBe(
      [
        `Job ID:          ${ID}`,
        'Status:          FAILED',
        'Exit Code:       0',
        'Assigned Worker: 2',
        'Executed By:     3',
        'Output:',
        '  line one',
        '  line two',
        'Error:',
        '  boom',
        '  ',
        '  bang',
        '',
      ].join('\n'),
    );
  });

  it('unknown status values print UNKNOWN', () => {
    const job = create(GetJobStatusResponseSchema, { jobId: ID, status: 9 as JobStatus });
    expect(jobStatusTable(job)).toContain('Status:          UNKNOWN\n');
  });
});

describe('job status JSON', () => {
  it('keys in order, absent optionals as null', () => {
    const job = create(GetJobStatusResponseSchema, { jobId: ID, status: JobStatus.RUNNING, assignedWorker: 1n, createdAtMs: 1700000000000n });
    expect(renderJson(jobStatusJson(job))).toBe(
      `{
  "job_id": "${ID}",
  "status": "RUNNING",
  "output": "",
  "error": "",
  "assigned_worker": 1,
  "executed_by": 0,
  "exit_code": null,
  "created_at_ms": 1700000000000,
  "completed_at_ms": null
}
`,
    );
  });

  it('present optionals as numbers', () => {
    const job = create(GetJobStatusResponseSchema, { jobId: ID, status: JobStatus.COMPLETED, output: 'hi\n', exitCode: -1, completedAtMs: 7n });
    const json = renderJson(jobStatusJson(job));
    expect(json).toContain('"output": "hi\\n",');
    expect(json).toContain('"exit_code": -1,');
    expect(json).toContain('"completed_at_ms": 7\n');
  });
});
