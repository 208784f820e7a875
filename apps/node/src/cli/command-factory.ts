import { Command } from 'commander';
import { addClientOptions } from './client-options';
import type { CliContext } from './context';

/** Program version, printed by `sched --version` as `sched 0.1.0`. */
export const VERSION = '0.1.0';

/**
 * A commander command with the settings every level of the tree shares: output to the
 * injected streams, errors thrown (never process.exit) so `runCli` maps them to exit codes,
 * clap-like help wording. Subcommands added with `addCommand` inherit nothing, hence this.
 */
export function newCommand(name: string, description: string, context: CliContext): Command {
  return new Command(name)
    .description(description)
    .version(`sched ${VERSION}`, '-V, --version', 'Print version')
    .helpOption('-h, --help', 'Print help')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
    })
    .showHelpAfterError("For more information, try '--help'.")
    .showSuggestionAfterError(true)
    .enablePositionalOptions();
}

/**
 * A client group (`job`, `cluster`, `log`): the client options, then the leaf commands.
 * Options are positional, so they are read only between the group word and the leaf.
 */
export function newGroup(
  name: string,
  description: string,
  context: CliContext,
  leaves: readonly Command[],
  example: string,
): Command {
  const group = addClientOptions(newCommand(name, description, context))
    .usage('[options] <command>')
    .helpCommand('help [COMMAND]', 'Print help for a command')
    .addHelpText('after', `\nClient options go between '${name}' and the command, e.g.:\n  ${example}`);
  for (const leaf of leaves) group.addCommand(leaf);
  return group;
}
