import type { Command } from 'commander';
import { runWithSession } from '../client-action';
import type { OutputFormat } from '../client-options';
import { newCommand } from '../command-factory';
import type { CliContext } from '../context';
import type { CliIo, ExitCode } from '../io';
import type { Session } from '../session';
import { reportNodeOutcome } from './node-outcome';

/** `sched cluster undrain` (sched addition): the addressed node takes jobs and may lead again. */
export function undrainCommand(context: CliContext): Command {
  const description = 'Undrain this node: accept jobs again and allow it to become leader';
  return newCommand('undrain', description, context).action((_flags: unknown, leaf: Command) =>
    runWithSession(context, leaf, (session, format) => runUndrain(session, context.io, format)),
  );
}

export async function runUndrain(session: Session, io: CliIo, format: OutputFormat): Promise<ExitCode> {
  const response = await session.node.client.undrainNode({});
  return reportNodeOutcome(io, format, { done: 'Node undrained successfully.', failure: 'Undrain failed' }, response);
}
