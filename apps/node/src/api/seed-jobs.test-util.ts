import { randomUUID } from 'node:crypto';
import { type Command, JobStatus } from '@sched/rpc/gen';
import { type Job, commands } from '@sched/scheduler';
import { FAKE_CLOCK_MS, type FakeNode } from './fake-node.test-util';

export interface JobSeed {
  readonly command?: string;
  readonly createdAtMs?: number;
  /** Default Pending. Running, Completed and Failed are on `worker`'s attempt 1. */
  readonly status?: JobStatus;
  readonly worker?: number;
  readonly exitCode?: number;
}

/**
 * Puts a job in the table of `nodes` (one node or several replicas, the first one decides
 * which workers exist) through committed commands: submit, then assign, report or cancel.
 */
export function seedJob(nodes: FakeNode | readonly FakeNode[], seed: JobSeed = {}): Job {
  const replicas = Array.isArray(nodes) ? nodes : [nodes as FakeNode];
  const node = replicas[0] as FakeNode;
  const apply = (command: Command) => {
    for (const replica of replicas) replica.apply(command);
  };
  const jobId = randomUUID();
  const createdAtMs = BigInt(seed.createdAtMs ?? FAKE_CLOCK_MS);
  apply(commands.submitJob({ jobId, command: seed.command ?? 'echo hello', createdAtMs }));
  const status = seed.status ?? JobStatus.PENDING;
  const workerId = BigInt(seed.worker ?? node.self.id);
  if (status === JobStatus.CANCELLED) apply(commands.cancelJob(jobId, createdAtMs + 1n));
  if (status === JobStatus.RUNNING || status === JobStatus.COMPLETED || status === JobStatus.FAILED) {
    if (node.table().worker(workerId) === undefined) apply(commands.registerWorker(workerId, 1000, ['exec']));
    apply(commands.assignJob({ jobId, workerId, attempt: 1 }));
  }
  if (status === JobStatus.COMPLETED || status === JobStatus.FAILED) {
    apply(
      commands.updateJobStatus({
        jobId,
        status,
        executedBy: workerId,
        attempt: 1,
        completedAtMs: createdAtMs + 10n,
        ...(seed.exitCode === undefined ? {} : { exitCode: seed.exitCode }),
      }),
    );
  }
  return node.table().get(jobId) as Job;
}
