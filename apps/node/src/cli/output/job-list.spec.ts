import { create } from '@bufbuild/protobuf';
import { JobInfoSchema, JobStatus } from '@sched/rpc/gen';
import { renderJson } from '../format/json';
import { jobListJson, jobListTable } from './job-list';

const A = '3f2b9c1e-0000-4000-8000-000000000001';
const B = '3f2b9c1e-0000-4000-8000-000000000002';
const jobs = [
  create(JobInfoSchema, { jobId: A, command: 'echo hello', status: JobStatus.COMPLETED, assignedWorker: 2n, createdAtMs: 10n }),
  create(JobInfoSchema, { jobId: B, command: 'echo "a much longer command"', status: JobStatus.PENDING, createdAtMs: 11n }),
];

describe('job list table (REF §1.6)', () => {
  it('no jobs', () => {
    expect(jobListTable({ jobs: [], totalCount: 0, hasMore: false })).toBe('No jobs found.\n');
  });

  it('columns 38/12/8, worker "-" when 0, command truncated, summary and paging hint', () => {
    expect(jobListTable({ jobs, totalCount: 250, hasMore: true })).toBe(
      [
        'JOB ID                                 STATUS       WORKER   COMMAND',
        '-'.repeat(78),
        `${A}   COMPLETED    2        echo hello`,
        `${B}   PENDING      -        echo "a much long...`,
        '',
        'Showing 2 of 250 jobs',
        '(Use --all to fetch all pages)',
        '',
      ].join('\n'),
    );
  });

  it('no hint without more pages; multi-byte commands are cut on character boundaries', () => {
    const job = create(JobInfoSchema, { jobId: A, command: `echo ${'ж'.repeat(30)}`, status: JobStatus.RUNNING, assignedWorker: 1n });
    expect(jobListTable({ jobs: [job], totalCount: 1, hasMore: false })).toBe(
      [
        'JOB ID                                 STATUS       WORKER   COMMAND',
        '-'.repeat(78),
        `${A}   RUNNING      1        echo ${'ж'.repeat(12)}...`,
        '',
        'Showing 1 of 1 jobs',
        '',
      ].join('\n'),
    );
  });
});

it('job list JSON', () => {
  expect(renderJson(jobListJson({ jobs, totalCount: 2, hasMore: false }))).toBe(
    `{
  "jobs": [
    {
      "job_id": "${A}",
      "status": "COMPLETED",
      "command": "echo hello",
      "assigned_worker": 2,
      "created_at_ms": 10
    },
    {
      "job_id": "${B}",
      "status": "PENDING",
      "command": "echo \\"a much longer command\\"",
      "assigned_worker": 0,
      "created_at_ms": 11
    }
  ],
  "total_count": 2,
  "has_more": false
}
`,
  );
  expect(renderJson(jobListJson({ jobs: [], totalCount: 0, hasMore: false }))).toBe(
    '{\n  "jobs": [],\n  "total_count": 0,\n  "has_more": false\n}\n',
  );
});
