import { CommanderError } from 'commander';
import { buildProgram } from './program';
import { errorMessage } from './errors';
import { type CliIo, ExitCode } from './io';

/**
 * Runs `sched` with `args` (without the node and script paths) and resolves to the exit
 * code; never calls process.exit. Help and version: 0. Usage errors (commander's messages):
 * 2. Anything a command throws (failed connect, RPC error, unreadable file): `Error:
 * <message>` on stderr, no stack trace, 1.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.ok;
  const program = buildProgram({ io, exitWith: (code) => (exitCode = code) });
  try {
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    io.stderr.write(`Error: ${errorMessage(error)}\n`);
    return ExitCode.failure;
  }
}
