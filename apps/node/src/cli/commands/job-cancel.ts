import type { Command } from 'commander';
import type { CancelJobResponse } from '@sched/rpc/gen';
import { runWithSession } from '../client-action';
import type { OutputFormat } from '../client-options';
import { newCommand } from '../command-factory';
import type { CliContext } from '../context';
import { ExitCode, type CliIo } from '../io';
import { callLeader } from '../leader-call';
import { outcomeJson } from '../output/outcome';
import { writeResult } from '../output/write';
import type { Session } from '../session';

/** `sched job cancel <JOB_ID>` (REF §1.4). */
export function cancelCommand(context: CliContext): Command {
  return newCommand('cancel', 'Cancel a pending or running job', context)
    .argument('<JOB_ID>', 'The job ID to cancel (UUID)')
    .action((jobId: string, _flags: unknown, leaf: Command) =>
      runWithSession(context, leaf, (session, format) => runCancel(session, context.io, format, jobId)),
    );
}

/**
 * Cancels on the addressed node, redirected to the leader if needed. A response with
 * `success=false` fails with `Cancel failed: <message>` in both formats (JSON still prints
 * the body).
 */
export async function runCancel(session: Session, io: CliIo, format: OutputFormat, jobId: string): Promise<ExitCode> {
  const result = await callLeader<CancelJobResponse>(
    session,
    io,
    { failure: 'Cancel failed', group: 'job', leaf: 'cancel' },
    (client) => client.cancelJob({ jobId }),
  );
  if (!result.ok) return result.exitCode;
  const response = result.value;
  writeResult(io, format, () => (response.success ? `${response.message}\n` : ''), () => outcomeJson(response));
  if (response.success) return ExitCode.ok;
  io.stderr.write(`Cancel failed: ${response.message}\n`);
  return ExitCode.failure;
}
