import { type Command, Option } from 'commander';
import type { SubmitJobResponse } from '@sched/rpc/gen';
import { parseU32 } from '../args/numbers';
import { runWithSession } from '../client-action';
import type { OutputFormat } from '../client-options';
import { newCommand } from '../command-factory';
import type { SchedulerClient } from '../connect';
import type { CliContext } from '../context';
import { ExitCode, type CliIo } from '../io';
import { callLeader } from '../leader-call';
import { submitJson, submitTable } from '../output/job-submit';
import { writeResult } from '../output/write';
import type { Session } from '../session';

export type SubmitRequest = Parameters<SchedulerClient['submitJob']>[0];

/** `sched job submit <COMMAND> [--image IMAGE]` (REF §1.3), plus sched's optional submit fields. */
export function submitCommand(context: CliContext): Command {
  return newCommand('submit', 'Submit a new job to the cluster', context)
    .argument('<COMMAND>', 'The command to execute (e.g., "echo hello")')
    .addOption(new Option('--image <IMAGE>', 'Docker image to run the job in (default: the node\'s --image)'))
    .addOption(new Option('--idempotency-key <KEY>', 'Retried submits with the same key return the original job'))
    .addOption(new Option('--max-attempts <N>', 'Attempts when the workers running it are lost (default: 3)').argParser(parseU32))
    .addOption(new Option('--timeout-ms <MS>', 'Per-job timeout in milliseconds (default: the node\'s)').argParser(parseU32))
    .action((command: string, flags: Record<string, unknown>, leaf: Command) => {
      const request = submitRequest(command, flags);
      return runWithSession(context, leaf, (session, format) => runSubmit(session, context.io, format, request));
    });
}

function submitRequest(command: string, flags: Record<string, unknown>): SubmitRequest {
  const image = flags['image'];
  const key = flags['idempotencyKey'];
  const attempts = flags['maxAttempts'];
  const timeout = flags['timeoutMs'];
  return {
    command,
    ...(typeof image === 'string' && { image }),
    ...(typeof key === 'string' && { idempotencyKey: key }),
    ...(typeof attempts === 'number' && { maxAttempts: attempts }),
    ...(typeof timeout === 'number' && { timeoutMs: timeout }),
  };
}

/** Submits to the addressed node, redirected to the leader if needed. */
export async function runSubmit(session: Session, io: CliIo, format: OutputFormat, request: SubmitRequest): Promise<ExitCode> {
  const result = await callLeader<SubmitJobResponse>(
    session,
    io,
    { failure: 'Job submission failed', group: 'job', leaf: 'submit' },
    (client) => client.submitJob(request),
  );
  if (!result.ok) return result.exitCode;
  writeResult(io, format, () => submitTable(result.value), () => submitJson(result.value));
  return ExitCode.ok;
}
