import { type Command, Option } from 'commander';
import { parseU32, parseU64 } from '../args/numbers';
import { runWithSession } from '../client-action';
import type { OutputFormat } from '../client-options';
import { newCommand } from '../command-factory';
import type { CliContext } from '../context';
import { ExitCode, type CliIo } from '../io';
import { logListJson, logListTable } from '../output/log-list';
import { writeResult } from '../output/write';
import type { Session } from '../session';

/** `sched log list [--start-index N] [--limit N]` (REF §1.10); the addressed node asks the leader. */
export function logListCommand(context: CliContext): Command {
  return newCommand('list', 'List Raft log entries', context)
    .addOption(new Option('--start-index <START_INDEX>', 'Starting index (1-indexed, 0 means from beginning)').default(0n, '0').argParser(parseU64))
    .addOption(new Option('--limit <LIMIT>', 'Maximum number of entries to return').default(100).argParser(parseU32))
    .action((flags: Record<string, unknown>, leaf: Command) => {
      const startIndex = typeof flags['startIndex'] === 'bigint' ? flags['startIndex'] : 0n;
      const limit = typeof flags['limit'] === 'number' ? flags['limit'] : 100;
      return runWithSession(context, leaf, (session, format) => runLogList(session, context.io, format, startIndex, limit));
    });
}

export async function runLogList(
  session: Session,
  io: CliIo,
  format: OutputFormat,
  startIndex: bigint,
  limit: number,
): Promise<ExitCode> {
  const log = await session.node.client.getRaftLogEntries({ startIndex, limit });
  writeResult(io, format, () => logListTable(log), () => logListJson(log));
  return ExitCode.ok;
}
