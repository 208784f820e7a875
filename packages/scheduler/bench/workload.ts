import { toBinary } from '@bufbuild/protobuf';
import { type Command, CommandSchema, JobStatus } from '@sched/rpc/gen';
import { commands } from '@sched/scheduler';

/** Bench epoch, and the gap between two submits in leader time. */
export const T0 = 1_700_000_000_000n;
export const STEP_MS = 10n;
export const WORKERS = 8;

/** Job `i`'s id: a valid v4-shaped UUID. */
export function benchJobId(i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `5c4e0000-0000-4000-8000-${hex}`;
}

/** Job commands: one in ten mentions python (in varying case), for the substring filter. */
function jobCommand(i: number): string {
  if (i % 10 === 3) return `PYTHON3 -c 'print(${i})'`;
  if (i % 10 === 7) return `python3 train.py --epoch ${i}`;
  return `echo job ${i} && sleep 0.${i % 9}`;
}

/**
 * The command log that fills a table with `jobs` jobs, as a cluster would write it:
 * WORKERS workers register; then each job is submitted and, except the last
 * `active` ones, assigned to a worker and finished (9 of 10 Completed, the rest Failed;
 * 1 in 50 cancelled while running instead). Of the last `active` jobs every other one is
 * assigned and left Running, the others stay Pending. Active jobs never exceed `active`.
 */
export function buildLog(jobs: number, active: number): Command[] {
  const log: Command[] = [];
  for (let w = 1; w <= WORKERS; w++) log.push(commands.registerWorker(BigInt(w), Math.ceil(active / WORKERS), ['docker', 'exec']));
  for (let i = 0; i < jobs; i++) {
    const jobId = benchJobId(i);
    const createdAtMs = T0 + BigInt(i) * STEP_MS;
    log.push(commands.submitJob({ jobId, command: jobCommand(i), createdAtMs }));
    const tail = i >= jobs - active;
    if (tail && i % 2 === 0) continue;
    const workerId = BigInt(1 + (i % WORKERS));
    log.push(commands.assignJob({ jobId, workerId, attempt: 1 }));
    if (tail) continue;
    if (i % 50 === 0) {
      log.push(commands.cancelJob(jobId, createdAtMs + 5n));
      continue;
    }
    const failed = i % 10 === 9;
    log.push(
      commands.updateJobStatus({
        jobId,
        status: failed ? JobStatus.FAILED : JobStatus.COMPLETED,
        executedBy: workerId,
        exitCode: failed ? 1 : 0,
        completedAtMs: createdAtMs + 7n,
        attempt: 1,
      }),
    );
  }
  return log;
}

export function encodeLog(log: readonly Command[]): Uint8Array[] {
  return log.map((command) => toBinary(CommandSchema, command));
}
