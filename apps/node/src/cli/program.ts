import type { Command } from 'commander';
import { newCommand } from './command-factory';
import { clusterGroup } from './commands/cluster';
import { jobGroup } from './commands/job';
import { logGroup } from './commands/log';
import { registerServerCommand } from './commands/server';
import type { CliContext } from './context';

// Parsing and help come from commander (pinned 14.0.3, supports Node 20): a well-kept
// library whose option parsing, usage errors and generated help beat hand-written code,
// and whose exitOverride/configureOutput let the whole CLI run in-process in tests.

/** The `sched` command tree. Client options sit after the group word (REF §1.1). */
export function buildProgram(context: CliContext): Command {
  const program = newCommand('sched', 'A distributed job scheduler with Raft consensus', context)
    .usage('[options] <command>')
    .helpCommand('help [COMMAND]', 'Print help for a command');
  registerServerCommand(program, context); // `sched server`: see commands/server.ts
  program.addCommand(jobGroup(context));
  program.addCommand(clusterGroup(context));
  program.addCommand(logGroup(context));
  return program;
}
