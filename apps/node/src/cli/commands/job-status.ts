import { type Command, Option } from 'commander';
import { runWithSession } from '../client-action';
import type { OutputFormat } from '../client-options';
import { newCommand } from '../command-factory';
import type { CliContext } from '../context';
import { ExitCode, type CliIo } from '../io';
import { jobStatusJson, jobStatusTable } from '../output/job-status';
import { writeResult } from '../output/write';
import type { Session } from '../session';

/** `sched job status <JOB_ID>` (REF §1.5): answered by the addressed node, never redirected. */
export function statusCommand(context: CliContext): Command {
  return newCommand('status', 'Get status of a specific job', context)
    .argument('<JOB_ID>', 'The job ID (UUID)')
    .addOption(new Option('--consistent', 'Answer only with every acknowledged write applied (read through the leader)'))
    .action((jobId: string, flags: Record<string, unknown>, leaf: Command) => {
      const consistent = flags['consistent'] === true;
      return runWithSession(context, leaf, (session, format) => runStatus(session, context.io, format, jobId, consistent));
    });
}

export async function runStatus(
  session: Session,
  io: CliIo,
  format: OutputFormat,
  jobId: string,
  consistent: boolean,
): Promise<ExitCode> {
  const job = await session.node.client.getJobStatus({ jobId, ...(consistent && { consistent }) });
  writeResult(io, format, () => jobStatusTable(job), () => jobStatusJson(job));
  return ExitCode.ok;
}
