import { create } from '@bufbuild/protobuf';
import { SubmitJobResponseSchema } from '@sched/rpc/gen';
import { renderJson } from '../format/json';
import { submitJson, submitTable } from './job-submit';

const response = create(SubmitJobResponseSchema, { jobId: '3f2b9c1e-0000-4000-8000-000000000001', createdAtMs: 1700000000123n });

it('job submit table', () => {
  expect(submitTable(response)).toBe('Job submitted successfully!\nJob ID: 3f2b9c1e-0000-4000-8000-000000000001\n');
});

it('job submit JSON', () => {
  expect(renderJson(submitJson(response))).toBe(
    '{\n  "job_id": "3f2b9c1e-0000-4000-8000-000000000001",\n  "created_at_ms": 1700000000123\n}\n',
  );
});
