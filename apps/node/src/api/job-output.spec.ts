import { Code } from '@connectrpc/connect';
import { JobStatus } from '@sched/rpc/gen';
import { expectStatus, useServedNodes } from './api-harness.test-util';
import { seedJob } from './seed-jobs.test-util';

const serve = useServedNodes();
const bytes = (s: string) => new TextEncoder().encode(s);

/** REF §11.12: GetJobOutput on node 1. */
describe('InternalService.GetJobOutput (REF §11.12)', () => {
  it('1: executed by this node → found, job id echoed, its output', async () => {
    const { node, internal } = await serve();
    const job = seedJob(node, { status: JobStatus.COMPLETED });
    node.output.append(job.id, 1, 'stdout', bytes('hello\n'));
    await expect(internal.getJobOutput({ jobId: job.id })).resolves.toMatchObject({ jobId: job.id, output: 'hello\n', error: '', found: true });
  });

  it('2: executed by another node → found false, empty strings, the id as sent', async () => {
    const { node, internal } = await serve();
    const job = seedJob(node, { status: JobStatus.COMPLETED, worker: 2 });
    const sent = job.id.toUpperCase();
    await expect(internal.getJobOutput({ jobId: sent })).resolves.toMatchObject({ jobId: sent, output: '', error: '', found: false });
  });

  it('3: unknown job → NOT_FOUND `Job not found`', async () => {
    const { internal } = await serve();
    await expectStatus(internal.getJobOutput({ jobId: '3f2b1c4d-0000-4000-8000-000000000001' }), Code.NotFound, 'Job not found');
  });

  it('4: not a UUID → INVALID_ARGUMENT `Invalid job ID`', async () => {
    const { internal } = await serve();
    await expectStatus(internal.getJobOutput({ jobId: 'invalid' }), Code.InvalidArgument, 'Invalid job ID');
  });

  it('5: output and error both returned', async () => {
    const { node, internal } = await serve();
    const job = seedJob(node, { status: JobStatus.FAILED, exitCode: 2 });
    node.output.append(job.id, 1, 'stdout', bytes('partial'));
    node.output.append(job.id, 1, 'stderr', bytes('boom'));
    await expect(internal.getJobOutput({ jobId: job.id })).resolves.toMatchObject({ output: 'partial', error: 'boom', found: true });
  });

  it('6: executed here with no output → found, empty strings', async () => {
    const { node, internal } = await serve();
    const job = seedJob(node, { status: JobStatus.COMPLETED });
    await expect(internal.getJobOutput({ jobId: job.id })).resolves.toMatchObject({ output: '', error: '', found: true });
  });

  it('7: a job not executed yet → found false', async () => {
    const { node, internal } = await serve();
    const job = seedJob(node);
    await expect(internal.getJobOutput({ jobId: job.id })).resolves.toMatchObject({ found: false, output: '', error: '' });
  });
});
