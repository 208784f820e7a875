import type { Command } from 'commander';
import { runWithSession } from '../client-action';
import type { OutputFormat } from '../client-options';
import { newCommand } from '../command-factory';
import type { CliContext } from '../context';
import type { CliIo, ExitCode } from '../io';
import type { Session } from '../session';
import { reportNodeOutcome } from './node-outcome';

/** `sched cluster drain` (REF §1.9): drains the addressed node (may take a minute or more). */
export function drainCommand(context: CliContext): Command {
  const description = 'Drain this node: stop accepting jobs, finish running jobs, transfer leadership';
  return newCommand('drain', description, context).action((_flags: unknown, leaf: Command) =>
    runWithSession(context, leaf, (session, format) => runDrain(session, context.io, format)),
  );
}

export async function runDrain(session: Session, io: CliIo, format: OutputFormat): Promise<ExitCode> {
  io.stderr.write('Draining node...\n');
  const response = await session.node.client.drainNode({});
  return reportNodeOutcome(io, format, { done: 'Node drained successfully.', failure: 'Drain failed' }, response);
}
