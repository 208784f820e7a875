import { type Command, Option } from 'commander';
import { parseU64 } from '../args/numbers';
import { runWithSession } from '../client-action';
import type { OutputFormat } from '../client-options';
import { newCommand } from '../command-factory';
import type { CliContext } from '../context';
import { ExitCode, type CliIo } from '../io';
import { transferJson, transferTable } from '../output/transfer-leader';
import { writeResult } from '../output/write';
import type { Session } from '../session';

/** `sched cluster transfer-leader [--to NODE_ID]` (REF §1.8): sent to the addressed node, not redirected. */
export function transferLeaderCommand(context: CliContext): Command {
  return newCommand('transfer-leader', 'Transfer leadership to another node', context)
    .addOption(new Option('--to <TO>', 'Target node ID (omit for auto-select)').argParser(parseU64))
    .action((flags: Record<string, unknown>, leaf: Command) => {
      const target = typeof flags['to'] === 'bigint' ? flags['to'] : 0n;
      return runWithSession(context, leaf, (session, format) => runTransferLeader(session, context.io, format, target));
    });
}

/** `success=false` fails with `Transfer failed: <message>` in both formats (JSON still prints the body). */
export async function runTransferLeader(session: Session, io: CliIo, format: OutputFormat, target: bigint): Promise<ExitCode> {
  const response = await session.node.client.transferLeadership({ targetNodeId: target });
  writeResult(io, format, () => (response.success ? transferTable(response) : ''), () => transferJson(response));
  if (response.success) return ExitCode.ok;
  io.stderr.write(`Transfer failed: ${response.message}\n`);
  return ExitCode.failure;
}
