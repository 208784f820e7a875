import type { Command } from 'commander';
import { newGroup } from '../command-factory';
import type { CliContext } from '../context';
import { cancelCommand } from './job-cancel';
import { listCommand } from './job-list';
import { statusCommand } from './job-status';
import { submitCommand } from './job-submit';

/** `sched job [CLIENT OPTIONS] <submit|status|cancel|list>`. */
export function jobGroup(context: CliContext): Command {
  return newGroup('job', 'Job management commands', context, [
    submitCommand(context),
    statusCommand(context),
    cancelCommand(context),
    listCommand(context),
  ], 'sched job -a http://127.0.0.1:50052 submit "echo hello"');
}
