import type { Command } from 'commander';
import { runWithSession } from '../client-action';
import type { OutputFormat } from '../client-options';
import { newCommand } from '../command-factory';
import type { CliContext } from '../context';
import { ExitCode, type CliIo } from '../io';
import { clusterStatusJson, clusterStatusTable } from '../output/cluster-status';
import { writeResult } from '../output/write';
import type { Session } from '../session';

/** `sched cluster status` (REF §1.7); the addressed node asks the leader itself. */
export function clusterStatusCommand(context: CliContext): Command {
  return newCommand('status', 'Get cluster status and node information', context).action((_flags: unknown, leaf: Command) =>
    runWithSession(context, leaf, (session, format) => runClusterStatus(session, context.io, format)),
  );
}

export async function runClusterStatus(session: Session, io: CliIo, format: OutputFormat): Promise<ExitCode> {
  const status = await session.node.client.getClusterStatus({});
  writeResult(io, format, () => clusterStatusTable(status), () => clusterStatusJson(status));
  return ExitCode.ok;
}
