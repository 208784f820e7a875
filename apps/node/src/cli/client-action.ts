import type { Command } from 'commander';
import { clientOptionsOf, type OutputFormat } from './client-options';
import type { CliContext } from './context';
import type { ExitCode } from './io';
import { type Session, withSession } from './session';

/**
 * The body of every client leaf command: read the group's client options, connect to
 * `--addr`, run `body` with the session and the output format, leave its exit code, close.
 */
export async function runWithSession(
  context: CliContext,
  leaf: Command,
  body: (session: Session, format: OutputFormat) => Promise<ExitCode>,
): Promise<void> {
  const options = clientOptionsOf(leaf);
  context.exitWith(await withSession(options, (session) => body(session, options.output)));
}
