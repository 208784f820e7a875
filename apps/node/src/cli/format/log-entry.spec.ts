import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { CommandSchema, JobStatus } from '@sched/rpc/gen';
import { describeCommand } from './log-entry';

const ID = '3f2b9c1e-0000-4000-8000-000000000001';

describe('describeCommand (REF §1.10)', () => {
  it.each([
    [{ case: 'submitJob', value: { jobId: ID, command: 'echo hi' } }, 'SubmitJob', `job_id=${ID}, cmd=echo hi`],
    [{ case: 'updateJobStatus', value: { jobId: ID, status: JobStatus.COMPLETED } }, 'UpdateJobStatus', `job_id=${ID}, status=Completed`],
    [{ case: 'updateJobStatus', value: { jobId: ID, status: JobStatus.UNSPECIFIED } }, 'UpdateJobStatus', `job_id=${ID}, status=Unspecified`],
    [{ case: 'updateJobStatus', value: { jobId: ID, status: 42 } }, 'UpdateJobStatus', `job_id=${ID}, status=Unknown`],
    [{ case: 'registerWorker', value: { workerId: 3n } }, 'RegisterWorker', 'worker_id=3'],
    [{ case: 'batchUpdateJobStatus', value: { updates: [{ jobId: ID }, { jobId: ID }] } }, 'BatchUpdateJobStatus', '2 updates'],
    [{ case: 'assignJob', value: { jobId: ID, workerId: 2n, attempt: 1 } }, 'AssignJob', `job_id=${ID}, worker_id=2`],
    [{ case: 'cancelJob', value: { jobId: ID } }, 'CancelJob', ID],
    [{ case: 'workerLost', value: { workerId: 4n, lostAtMs: 5n } }, 'WorkerLost', 'worker_id=4'],
    [{ case: 'evictJobs', value: { cutoffMs: 1700000000000n } }, 'EvictJobs', 'cutoff_ms=1700000000000'],
    [{ case: 'setWorkerDraining', value: { workerId: 2n, draining: true } }, 'SetWorkerDraining', 'worker_id=2, draining=true'],
  ] as const)('%j', (commandType, type, details) => {
    const command = create(CommandSchema, { commandType } as MessageInitShape<typeof CommandSchema>);
    expect(describeCommand(command)).toEqual({ type, details });
  });

  it('an absent command or one without a variant is a Noop', () => {
    expect(describeCommand(undefined)).toEqual({ type: 'Noop', details: '' });
    expect(describeCommand(create(CommandSchema, {}))).toEqual({ type: 'Noop', details: '' });
  });
});
