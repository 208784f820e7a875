import type { Command } from '@sched/rpc/gen';
import { jobStatusVariant } from './status';

/** TYPE and DETAILS of one `log list` row (also the JSON `command_type` / `command_details`). */
export interface CommandDescription {
  readonly type: string;
  readonly details: string;
}

/**
 * How `log list` names and summarises a replicated scheduler command. The six nomad-lite
 * commands read exactly as in REF §1.10; sched's additions (WorkerLost, EvictJobs,
 * SetWorkerDraining) follow the same `key=value` style. An entry without a command, or a
 * command without a variant, is the leader's no-op.
 */
export function describeCommand(command: Command | undefined): CommandDescription {
  const variant = command?.commandType;
  switch (variant?.case) {
    case 'submitJob':
      return { type: 'SubmitJob', details: `job_id=${variant.value.jobId}, cmd=${variant.value.command}` };
    case 'updateJobStatus':
      return {
        type: 'UpdateJobStatus',
        details: `job_id=${variant.value.jobId}, status=${jobStatusVariant(variant.value.status)}`,
      };
    case 'registerWorker':
      return { type: 'RegisterWorker', details: `worker_id=${variant.value.workerId}` };
    case 'batchUpdateJobStatus':
      return { type: 'BatchUpdateJobStatus', details: `${variant.value.updates.length} updates` };
    case 'assignJob':
      return { type: 'AssignJob', details: `job_id=${variant.value.jobId}, worker_id=${variant.value.workerId}` };
    case 'cancelJob':
      return { type: 'CancelJob', details: variant.value.jobId };
    case 'workerLost':
      return { type: 'WorkerLost', details: `worker_id=${variant.value.workerId}` };
    case 'evictJobs':
      return { type: 'EvictJobs', details: `cutoff_ms=${variant.value.cutoffMs}` };
    case 'setWorkerDraining':
      return {
        type: 'SetWorkerDraining',
        details: `worker_id=${variant.value.workerId}, draining=${variant.value.draining}`,
      };
    case undefined:
      return { type: 'Noop', details: '' };
  }
}
