import type { Command } from 'commander';
import { newGroup } from '../command-factory';
import type { CliContext } from '../context';
import { logListCommand } from './log-list';

/** `sched log [CLIENT OPTIONS] <list>`. */
export function logGroup(context: CliContext): Command {
  return newGroup('log', 'Raft log commands', context, [logListCommand(context)], 'sched log -a http://127.0.0.1:50052 list --limit 20');
}
