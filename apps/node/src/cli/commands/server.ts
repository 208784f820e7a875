import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { newCommand } from '../command-factory';
import type { CliContext } from '../context';
import { ExitCode } from '../io';
import { ConfigError } from '../../config/config-error';
import { parseServerConfig, type RawServerOptions } from '../../config/server-config';
import { SERVER_FLAGS } from '../../config/server-flags';
import { startServer } from '../../server/run-server';

/**
 * `sched server`: runs a node until SIGTERM/SIGINT. Flags are SERVER_FLAGS (REF §2.1 and
 * ours); commander only collects them — defaults and validation live in parseServerConfig,
 * so an invalid value exits 2 with a message naming the flag. The action resolves when the
 * node has shut down, with its exit code.
 */
export function registerServerCommand(program: Command, context: CliContext): void {
  const server = newCommand('server', 'Start a sched server node', context);
  for (const flag of SERVER_FLAGS) {
    const spec = flag.value === undefined ? `--${flag.name}` : `--${flag.name} <${flag.value}>`;
    server.option(spec, flag.default === undefined ? flag.description : `${flag.description} [default: ${flag.default || '""'}]`);
  }
  server.action(async (options: RawServerOptions) => {
    let config;
    try {
      config = parseServerConfig(options, { cpuCount: availableParallelism(), env: process.env });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      context.io.stderr.write(`Error: ${error.message}\n`);
      context.exitWith(ExitCode.usage);
      return;
    }
    const shutdownSignal = new Promise<'SIGTERM' | 'SIGINT'>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    const started = await startServer(config, { stderr: context.io.stderr, shutdownSignal });
    const code = typeof started === 'number' ? started : await started.done;
    context.exitWith(code === 0 ? ExitCode.ok : ExitCode.failure);
  });
  program.addCommand(server);
}
